package org.poolkit.akka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolkit.api.RemoteObject;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;
import org.poolkit.conformance.LeakCheck;

/** Messages far larger than Artery's 256 KiB frame, both ways. */
@ExtendWith(LeakCheck.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ClusterPayloadTest {

    @Test
    void push_200MegabyteArray_arrivesWholeOnEveryWorker() {
        int length = 25_000_000;
        double[] big = new double[length];
        for (int i = 0; i < length; i++) {
            big[i] = i * 0.5;
        }
        double expected = Arrays.stream(big).sum();
        try (WorkerPool pool = WorkerPools.create("akka-cluster:workers=2")) {
            RemoteObject<double[]> handle = pool.push(big);
            List<Double> sums = pool.apply(ctx -> Arrays.stream(handle.get()).sum());
            assertEquals(Collections.nCopies(2, expected), sums);

            List<double[]> back = pool.apply(ctx -> Arrays.copyOf(handle.get(), 2_000_000));
            for (double[] part : back) {
                assertEquals(2_000_000, part.length);
                assertEquals(1_999_999 * 0.5, part[1_999_999]);
            }
        }
    }
}
