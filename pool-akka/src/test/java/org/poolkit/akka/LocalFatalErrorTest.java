package org.poolkit.akka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolkit.api.Mutability;
import org.poolkit.api.RemoteObject;
import org.poolkit.api.WorkerContext;
import org.poolkit.api.WorkerLostException;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;
import org.poolkit.conformance.LeakCheck;
import org.poolkit.conformance.LiveWorkers;

/**
 * A fatal error ({@link InternalError}) thrown by a function on the in-JVM {@code akka} pool ends only its worker
 * actor: this JVM goes on (Akka's default would have exited it), the slot is reported lost and a new worker takes
 * it.
 */
@ExtendWith(LeakCheck.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalFatalErrorTest {

    /** How long a replacement actor may take to take its slot. */
    private static final Duration REPLACEMENT = Duration.ofSeconds(10);

    /** Workers of the akka pool share this JVM's statics: the fatal item throws once, on its first run. */
    private static final AtomicBoolean THROWN = new AtomicBoolean();

    @Test
    void map_itemThrowsInternalError_workerReplacedAndEveryResultArrives() throws Exception {
        THROWN.set(false);
        try (WorkerPool pool = WorkerPools.create("akka:workers=2")) {
            List<Integer> items = IntStream.range(0, 1000).boxed().collect(Collectors.toList());
            List<Integer> out = pool.map((Integer i) -> {
                if (i == 7 && THROWN.compareAndSet(false, true)) {
                    throw new InternalError("boom");
                }
                return i * 2;
            }, items);
            assertTrue(THROWN.get(), "the fatal item ran");
            assertEquals(items.stream().map(i -> i * 2).collect(Collectors.toList()), out,
                    "the lost worker's items were run again elsewhere");
            LiveWorkers.await(pool, 2, REPLACEMENT);
            assertEquals(List.of(0, 1), pool.apply(WorkerContext::workerIndex), "usable, with a new worker");
            assertEquals(List.of(0, 2, 4), pool.map((Integer i) -> i * 2, List.of(0, 1, 2)));
        }
    }

    @Test
    void applyOnly_internalError_workerLostNamingTheErrorThenReplacedWithObjects() throws Exception {
        try (WorkerPool pool = WorkerPools.create("akka:workers=2")) {
            RemoteObject<double[]> table = pool.push(new double[] {1.5, 2.5}, Mutability.READ_ONLY);
            String before = pool.applyOnly(1, ctx -> Thread.currentThread().getName());
            WorkerLostException lost = assertThrows(WorkerLostException.class, () -> pool.applyOnly(1, ctx -> {
                throw new InternalError("boom");
            }));
            assertEquals(1, lost.worker());
            assertTrue(lost.getMessage().contains("java.lang.InternalError: boom"), lost.getMessage());

            LiveWorkers.await(pool, 2, REPLACEMENT);
            assertNotEquals(before, pool.applyOnly(1, ctx -> Thread.currentThread().getName()),
                    "a new actor, on its own thread, took slot 1");
            assertEquals(Collections.nCopies(2, 2.5), pool.apply(ctx -> table.get()[1]),
                    "the pushed object was stored again on the new worker");
            assertEquals(List.of(0, 1), pool.apply(WorkerContext::workerIndex));
        }
    }
}
