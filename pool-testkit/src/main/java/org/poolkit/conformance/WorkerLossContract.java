package org.poolkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolkit.api.Mutability;
import org.poolkit.api.RemoteObject;
import org.poolkit.api.WorkerContext;
import org.poolkit.api.WorkerLostException;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;

/**
 * The contract of worker loss, for every pool that can lose a worker: what a replacement holds, that lost state is
 * loud until the caller restores it, that a scatter never silently misses a block, that a worker's incarnation
 * changes, and that an item that ends its worker is named. A pool module adds a subclass that says which spec to
 * test, whether that pool replaces lost workers, and how to kill a worker ({@code kill -9} of its process, or the
 * loopback pool's kill hook).
 *
 * <p>The pool under test has at least three workers when it does not replace lost ones (two stay after a loss) and
 * at least two when it does. Functions capture only local values, never {@code this}.
 *
 * @since 0.3
 */
@ExtendWith(LeakCheck.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
public abstract class WorkerLossContract {

    /** How long a test waits for a loss to be noticed or a replacement to join. */
    protected static final Duration WAIT = Duration.ofSeconds(60);

    /** The pool under test, created before each test and closed after it. */
    protected WorkerPool pool;
    private int workers;

    /**
     * Returns the spec of the pool under test.
     *
     * @return e.g. {@code "loopback:workers=3,replace=true"}
     */
    protected abstract String spec();

    /**
     * Tells what the pool under test does when a worker is lost.
     *
     * @return how it recovers
     */
    protected abstract Recovery recovery();

    /** What a pool does after the loss of a worker. */
    public enum Recovery {
        /** A new worker takes the lost one's place. */
        REPLACE,
        /** The others go on without it. */
        SHRINK,
        /** Every worker is lost with it (an MPI world cannot recover from the loss of a rank). */
        END
    }

    private boolean replaces() {
        return recovery() == Recovery.REPLACE;
    }

    private boolean ends() {
        return recovery() == Recovery.END;
    }

    /**
     * Kills worker {@code worker} of the pool at once, as {@code kill -9} kills a process, and returns without
     * waiting for the pool to notice.
     *
     * @param pool   the pool under test
     * @param worker the worker index
     * @throws Exception if it cannot be killed
     */
    protected abstract void kill(WorkerPool pool, int worker) throws Exception;

    /**
     * Kills the process of a worker with {@code kill -9}: the {@link #kill} of pools whose workers are processes.
     *
     * @param pool   the pool
     * @param worker the worker index
     * @throws Exception if its pid cannot be had or {@code kill} fails
     */
    protected static void killNine(WorkerPool pool, int worker) throws Exception {
        long pid = pool.applyOnly(worker, ctx -> ProcessHandle.current().pid());
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -9 " + pid);
    }

    /**
     * Returns how a map item ends the worker that runs it, in this pool.
     *
     * @return {@link Ending#FATAL_ERROR} for pools whose workers are threads or actors of this JVM (a fatal error
     *         ends only the worker), {@link Ending#EXIT} for pools of worker processes
     */
    protected abstract Ending ending();

    /** How a function ends its worker. */
    public enum Ending {
        /** It throws an {@link InternalError}, a fatal error that ends a worker thread or actor. */
        FATAL_ERROR,
        /** It calls {@code System.exit(3)}. */
        EXIT;

        void now() {
            if (this == EXIT) {
                System.exit(3);
            }
            throw new InternalError("this item ends its worker");
        }
    }

    @BeforeEach
    void openPool() {
        pool = WorkerPools.create(spec());
        workers = pool.size();
        assertTrue(workers >= (recovery() == Recovery.SHRINK ? 3 : 2),
                "the loss contract needs more workers than " + spec() + " has");
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    /** Kills worker 1 and waits until the pool has noticed and, if it replaces, the replacement has joined. */
    private void killWorkerOneAndWait() throws Exception {
        kill(pool, 1);
        if (!replaces()) {
            LiveWorkers.await(pool, ends() ? 0 : workers - 1, WAIT);
            return;
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                if (pool.size() == workers && pool.applyOnly(1, WorkerContext::incarnation) != 0) {
                    return;
                }
            } catch (WorkerLostException e) {
                // the loss was noticed: wait for the replacement
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no replacement of worker 1 joined within " + WAIT + "; size "
                        + pool.size());
            }
            Thread.sleep(50);
        }
    }

    @Test
    void incarnation_zeroAtFirstAndNewForAReplacement() throws Exception {
        assertEquals(Collections.nCopies(workers, 0), pool.apply(WorkerContext::incarnation));
        killWorkerOneAndWait();
        if (ends()) {
            assertThrows(WorkerLostException.class, () -> pool.apply(WorkerContext::incarnation), "no worker left");
            return;
        }
        List<Integer> incarnations = pool.apply(WorkerContext::incarnation);
        if (replaces()) {
            assertNotEquals(0, incarnations.get(1), "the replacement in worker 1's place: " + incarnations);
            assertEquals(0, incarnations.get(0));
        } else {
            assertEquals(Collections.nCopies(workers - 1, 0), incarnations, "the survivors keep theirs");
        }
    }

    @Test
    void readOnly_survivesTheLoss_aReplacementIsGivenItAgain() throws Exception {
        RemoteObject<List<String>> pushed = pool.push(new ArrayList<>(List.of("a", "b")), Mutability.READ_ONLY);
        killWorkerOneAndWait();
        if (ends()) {
            assertThrows(WorkerLostException.class, () -> pool.apply(ctx -> new ArrayList<>(pushed.get())));
            return;
        }
        assertEquals(Collections.nCopies(pool.size(), List.of("a", "b")),
                pool.apply(ctx -> new ArrayList<>(pushed.get())), "every worker, a replacement too, holds the copy");
        assertEquals(Mutability.READ_ONLY, pushed.mutability());
    }

    @Test
    void stateful_lossIsLoudNamingHandleAndWorker_untilRestored() throws Exception {
        RemoteObject<int[]> counter = pool.push(new int[] {0});
        assertEquals(Mutability.STATEFUL, counter.mutability(), "stateful is the default");
        pool.apply(ctx -> ++counter.get()[0]);
        assertEquals(Collections.nCopies(workers, 2), pool.apply(ctx -> ++counter.get()[0]), "changes persist");
        killWorkerOneAndWait();
        for (int attempt = 0; attempt < 2; attempt++) {
            WorkerLostException e = assertThrows(WorkerLostException.class, () -> pool.apply(ctx -> counter.get()[0]),
                    "a call that uses lost state fails, and keeps failing");
            assertTrue(e.getMessage().contains(counter.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("worker 1"), e.getMessage());
            if (!ends()) {
                assertEquals(1, e.worker());
            }
        }
        if (ends()) {
            assertThrows(WorkerLostException.class, () -> pool.restore(counter), "nowhere to restore it");
            return;
        }
        assertThrows(WorkerLostException.class, () -> pool.map((Integer i) -> counter.get()[0] + i, List.of(1, 2)));
        assertThrows(WorkerLostException.class, () -> pool.applyOnly(0, ctx -> counter.get()[0]));
        assertEquals(Collections.nCopies(pool.size(), 1), pool.apply(ctx -> 1), "calls without it go on");
        pool.restore(counter);
        assertEquals(Collections.nCopies(pool.size(), 0), pool.apply(ctx -> counter.get()[0]),
                "restore gives every worker the caller's original again");
        RemoteObject<int[]> again = pool.push(new int[] {5});
        assertEquals(Collections.nCopies(pool.size(), 5), pool.apply(ctx -> again.get()[0]));
    }

    @Test
    void scatter_neverSilentlyMissesABlock() throws Exception {
        List<Integer> items = IntStream.range(0, 60).boxed().collect(Collectors.toList());
        RemoteObject<List<Integer>> readOnly = pool.scatterList(items, Mutability.READ_ONLY);
        RemoteObject<List<Integer>> stateful = pool.scatterList(items);
        killWorkerOneAndWait();
        WorkerLostException e = assertThrows(WorkerLostException.class,
                () -> pool.apply(ctx -> stateful.get().size()));
        assertTrue(e.getMessage().contains(stateful.toString()), e.getMessage());
        if (ends()) {
            assertThrows(WorkerLostException.class, () -> pool.apply(ctx -> readOnly.get().size()));
            return;
        }
        assertTrue(e.getMessage().contains("block 1 of " + workers), e.getMessage());
        if (replaces()) {
            List<Integer> sum = pool.apply(ctx -> readOnly.get().stream().mapToInt(Integer::intValue).sum());
            assertEquals(items.stream().mapToInt(Integer::intValue).sum(),
                    sum.stream().mapToInt(Integer::intValue).sum(), "a replacement holds its block again");
        } else {
            WorkerLostException missing = assertThrows(WorkerLostException.class,
                    () -> pool.apply(ctx -> readOnly.get().size()), "no worker holds block 1 any more");
            assertTrue(missing.getMessage().contains("block 1 of " + workers), missing.getMessage());
            WorkerLostException restore = assertThrows(WorkerLostException.class, () -> pool.restore(readOnly));
            assertTrue(restore.getMessage().contains("scatter the items again"), restore.getMessage());
        }
        RemoteObject<List<Integer>> again = pool.scatterList(items);
        assertEquals(items.size(), pool.apply(ctx -> again.get().size()).stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void map_usingStatefulObject_workerLostMidway_failsInsteadOfRedispatching() throws Exception {
        RemoteObject<int[]> state = pool.push(new int[] {1});
        List<Integer> items = IntStream.range(0, 400).boxed().collect(Collectors.toList());
        WorkerPool p = pool;
        CompletableFuture<Void> killer = new CompletableFuture<>();
        WorkerLostException e = assertThrows(WorkerLostException.class, () -> p.map((Integer i) -> {
            Thread.sleep(20);
            return i * state.get()[0];
        }, items, (index, result) -> {
            killLater(p, killer);
        }));
        assertTrue(e.getMessage().contains(state.toString()), e.getMessage());
        killer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Kills worker 1 from another thread (a kill may itself call the pool), once: {@code killer} tells when. */
    private void killLater(WorkerPool p, CompletableFuture<Void> killer) {
        synchronized (killer) {
            if (killer.isDone() || killer.getNumberOfDependents() > 0) {
                return;
            }
            killer.whenComplete((v, e) -> { }); // marks that the kill has started
        }
        CompletableFuture.runAsync(() -> {
            try {
                kill(p, 1);
                killer.complete(null);
            } catch (Exception | Error ex) {
                killer.completeExceptionally(ex);
            }
        });
    }

    @Test
    void map_readOnlyObject_workerLostMidway_everyResultExactlyOnce() throws Exception {
        RemoteObject<int[]> factor = pool.push(new int[] {3}, Mutability.READ_ONLY);
        List<Integer> items = IntStream.range(0, 400).boxed().collect(Collectors.toList());
        WorkerPool p = pool;
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> killer = new CompletableFuture<>();
        Runnable map = () -> p.map((Integer i) -> {
            Thread.sleep(10);
            return i * factor.get()[0];
        }, items, (index, result) -> {
            assertEquals(index * 3, result);
            seen.add(index);
            if (seen.size() == 40) {
                killLater(p, killer);
            }
        });
        if (ends()) {
            WorkerLostException e = assertThrows(WorkerLostException.class, map::run);
            assertTrue(e.getMessage().contains("every worker was lost"), e.getMessage());
        } else {
            map.run();
            assertEquals(items, seen.stream().sorted().collect(Collectors.toList()), "each index exactly once");
        }
        killer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void map_itemThatEndsItsWorker_failsNamingIt_andThePoolGoesOn() throws Exception {
        Ending ending = ending();
        List<Integer> items = IntStream.range(0, 50).boxed().collect(Collectors.toList());
        WorkerLostException e = assertThrows(WorkerLostException.class, () -> pool.map((Integer i) -> {
            if (i == 17) {
                ending.now();
            }
            return i;
        }, items));
        if (ends()) {
            assertTrue(e.getMessage().contains("every worker was lost") && e.getMessage().contains("items"),
                    "names the items the lost worker ran: " + e.getMessage());
            return;
        }
        assertTrue(e.getMessage().contains("item 17"), e.getMessage());
        assertTrue(e.getMessage().contains("max-losses"), e.getMessage());
        if (replaces()) {
            LiveWorkers.await(pool, workers, WAIT);
        }
        assertTrue(pool.size() >= 1);
        assertEquals(items, pool.map((Integer i) -> i, items), "the pool is usable afterwards");
    }
}
