package org.poolkit.mpi;

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

/**
 * Large payloads over MPI: a 100 MB push (one broadcast), a large scatter, and frames above
 * {@code poolkit.mpi.max-message} both ways (sent as several messages).
 */
@ExtendWith(LeakCheck.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MpiPayloadTest {

    @Test
    void largePushScatterFunctionAndResults_arriveWhole() {
        try (WorkerPool pool = WorkerPools.create("mpi:np=3")) {
            double[] big = new double[12_500_000];
            Arrays.fill(big, 0.25);
            RemoteObject<double[]> pushed = pool.push(big);
            assertEquals(Collections.nCopies(2, 12_500_000 * 0.25), pool.apply(ctx -> Arrays.stream(pushed.get()).sum()));

            double[][] rows = new double[3_000][];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = new double[1_000];
                Arrays.fill(rows[r], r);
            }
            RemoteObject<double[][]> blocks = pool.scatterArray(rows);
            assertEquals(List.of(1_500, 1_500), pool.apply(ctx -> blocks.get().length));

            double[] captured = new double[1_500_000];
            Arrays.fill(captured, 2.0);
            assertEquals(3_000_000.0, pool.applyOnly(1, ctx -> Arrays.stream(captured).sum()),
                    "a 12 MB function, sent as several messages");
            List<double[]> results = pool.apply(ctx -> new double[1_200_000]);
            assertEquals(List.of(1_200_000, 1_200_000), results.stream().map(a -> a.length).toList(),
                    "10 MB results, sent back as several messages");
        }
    }
}
