package org.poolkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolkit.api.Immutable;
import org.poolkit.api.PoolException;
import org.poolkit.api.RemoteFunction;
import org.poolkit.api.RemoteObject;
import org.poolkit.api.WorkerContext;
import org.poolkit.api.WorkerException;
import org.poolkit.api.WorkerFunction;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;

/**
 * The {@link WorkerPool} contract, once for every pool. A pool module adds a subclass that says only which spec
 * to test ({@link #spec()}); see {@code DummyPoolContractTest} and {@code LoopbackPoolContractTest}.
 *
 * <p>Each test names the semantic point of the contract it checks (README, "The contract"). Functions in these
 * tests capture only local values, never {@code this}: the test instance holds the pool.
 */
@ExtendWith(LeakCheck.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class WorkerPoolContract {

    /** The pool under test, created before each test and closed after it. */
    protected WorkerPool pool;

    /**
     * Returns the spec of the pool under test.
     *
     * @return a spec such as {@code "loopback:workers=4"}
     */
    protected abstract String spec();

    /**
     * Returns the most map results a pool lets wait for the caller, as configured for the pool under test.
     *
     * @return the bound; the runtime's default is {@code poolkit.map.max-pending = 4096}
     */
    protected int maxPendingResults() {
        return 4096;
    }

    /**
     * Creates a pool of the spec under test with extra spec keys.
     *
     * @param extraKeys {@code key=value[,key=value]}, or empty
     * @return a new pool
     */
    protected WorkerPool create(String extraKeys) {
        String spec = spec();
        if (!extraKeys.isEmpty()) {
            spec += (spec.contains(":") ? "," : ":") + extraKeys;
        }
        return WorkerPools.create(spec);
    }

    @BeforeEach
    void openPool() {
        pool = create("");
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    // ---- 1. push: every worker holds its own copy; get() only inside pool functions ----------------------------

    @Test
    void push_everyWorkerHoldsItsOwnCopy() {
        ArrayList<Integer> original = new ArrayList<>(List.of(1, 2, 3));
        RemoteObject<ArrayList<Integer>> handle = pool.push(original);
        List<Integer> sizes = pool.apply(ctx -> {
            ArrayList<Integer> copy = handle.get();
            copy.add(ctx.workerIndex());
            return copy.size();
        });
        assertEquals(Collections.nCopies(pool.size(), 4), sizes, "each worker changed only its own copy");
        assertEquals(List.of(1, 2, 3), original, "the caller's object is not the workers' copy");
        List<List<Integer>> copies = pool.apply(ctx -> new ArrayList<>(handle.get()));
        for (int w = 0; w < pool.size(); w++) {
            assertEquals(List.of(1, 2, 3, w), copies.get(w));
        }
    }

    @Test
    void push_handleInMapFunction_getsWorkersCopy() {
        RemoteObject<double[]> table = pool.push(new double[] {10, 20, 30});
        List<Double> results = pool.map((Integer i) -> table.get()[i] * 2, List.of(2, 1, 0, 2));
        assertEquals(List.of(60.0, 40.0, 20.0, 60.0), results);
    }

    @Test
    void push_getOutsidePoolFunction_throwsIllegalState() {
        RemoteObject<String> handle = pool.push("text");
        IllegalStateException e = assertThrows(IllegalStateException.class, handle::get);
        assertContains(e.getMessage(), "only works inside a pool function");
        assertContains(e.getMessage(), handle.toString());
        assertThrows(IllegalStateException.class, WorkerContext::current);
    }

    // ---- 2. Immutable objects are shared, others sent on every push --------------------------------------------

    /** An immutable value for the sharing tests. */
    record Table(List<Double> values) implements Immutable {
    }

    @Test
    void push_immutableTwice_sharesCopy() {
        long sentBefore = pool.stats().objectsSent();
        RemoteObject<Table> first = pool.push(new Table(List.of(1.0, 2.0)));
        RemoteObject<Table> second = pool.push(new Table(List.of(1.0, 2.0)));
        assertEquals(sentBefore + 1, pool.stats().objectsSent(), "an equal Immutable is sent once");
        assertEquals(1, pool.stats().sharedPushes());
        List<Boolean> same = pool.apply(ctx -> first.get() == second.get());
        assertEquals(Collections.nCopies(pool.size(), true), same, "both handles reach the same remote copy");
    }

    @Test
    void push_immutable_freedOnlyWhenEveryHandleRemoved() {
        RemoteObject<Table> first = pool.push(new Table(List.of(3.0)));
        RemoteObject<Table> second = pool.push(new Table(List.of(3.0)));
        first.remove();
        assertEquals(Collections.nCopies(pool.size(), List.of(3.0)), pool.apply(ctx -> second.get().values()));
        assertEquals(Collections.nCopies(pool.size(), 1), pool.apply(WorkerContext::objectCount));
        second.remove();
        assertEquals(Collections.nCopies(pool.size(), 0), pool.apply(WorkerContext::objectCount),
                "the copy is freed when the last handle is removed");
    }

    @Test
    void push_immutableAgainAfterOneOfTwoRemoved_works() {
        RemoteObject<Table> first = pool.push(new Table(List.of(5.0)));
        RemoteObject<Table> second = pool.push(new Table(List.of(5.0)));
        first.remove();
        RemoteObject<Table> third = pool.push(new Table(List.of(5.0)));
        assertEquals(Collections.nCopies(pool.size(), true), pool.apply(ctx -> third.get() == second.get()));
        second.remove();
        assertEquals(Collections.nCopies(pool.size(), List.of(5.0)), pool.apply(ctx -> third.get().values()));
        third.remove();
        assertEquals(Collections.nCopies(pool.size(), 0), pool.apply(WorkerContext::objectCount));
        RemoteObject<Table> fourth = pool.push(new Table(List.of(5.0)));
        assertEquals(Collections.nCopies(pool.size(), List.of(5.0)), pool.apply(ctx -> fourth.get().values()));
    }

    @Test
    void push_mutableTwice_sendsEachTime() {
        ArrayList<String> value = new ArrayList<>(List.of("a"));
        long sentBefore = pool.stats().objectsSent();
        RemoteObject<ArrayList<String>> first = pool.push(value);
        RemoteObject<ArrayList<String>> second = pool.push(value);
        assertEquals(sentBefore + 2, pool.stats().objectsSent());
        assertEquals(Collections.nCopies(pool.size(), false), pool.apply(ctx -> first.get() == second.get()));
    }

    // ---- 3. remove --------------------------------------------------------------------------------------------

    @Test
    void remove_isIdempotent() {
        RemoteObject<String> handle = pool.push("x");
        assertFalse(handle.isRemoved());
        handle.remove();
        handle.remove();
        handle.close();
        assertTrue(handle.isRemoved());
        assertEquals(Collections.nCopies(pool.size(), 0), pool.apply(WorkerContext::objectCount));
    }

    @Test
    void remove_thenUse_failsOnCallerNamingHandle() {
        RemoteObject<String> handle = pool.push("x");
        handle.remove();
        long commands = pool.stats().commands();
        IllegalStateException inApply = assertThrows(IllegalStateException.class,
                () -> pool.apply(ctx -> handle.get()));
        assertContains(inApply.getMessage(), handle.toString());
        IllegalStateException inMap = assertThrows(IllegalStateException.class,
                () -> pool.map((Integer i) -> handle.get() + i, List.of(1, 2)));
        assertContains(inMap.getMessage(), handle.toString());
        assertEquals(commands, pool.stats().commands(), "nothing was sent");
        assertEquals(List.of(2), pool.map((Integer i) -> i + 1, List.of(1)), "the pool stays usable");
    }

    @Test
    void remove_handleOfAnotherPool_refused() {
        try (WorkerPool other = create("")) {
            RemoteObject<String> foreign = other.push("theirs");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> pool.apply(ctx -> foreign.get()));
            assertContains(e.getMessage(), foreign.toString());
            assertContains(e.getMessage(), "another pool");
            assertEquals(Collections.nCopies(other.size(), "theirs"), other.apply(ctx -> foreign.get()));
        }
    }

    // ---- 4. scatter --------------------------------------------------------------------------------------------

    @Test
    void scatterList_contiguousBlocksDifferingByAtMostOne() {
        int size = pool.size();
        for (int n : new int[] {0, 1, Math.max(0, size - 1), size, 2 * size + 1, 10 * size + 3, 101}) {
            List<Integer> items = IntStream.range(0, n).boxed().collect(Collectors.toList());
            RemoteObject<List<Integer>> blocks = pool.scatterList(items);
            List<List<Integer>> got = pool.apply(ctx -> new ArrayList<>(blocks.get()));
            assertBlocks(n, size, got.stream().map(List::size).collect(Collectors.toList()));
            assertEquals(items, got.stream().flatMap(List::stream).collect(Collectors.toList()), "n=" + n);
            blocks.remove();
        }
    }

    @Test
    void scatterArray_contiguousRowBlocks() {
        int size = pool.size();
        for (int n : new int[] {0, 1, size, 3 * size + 2}) {
            double[][] rows = new double[n][];
            for (int r = 0; r < n; r++) {
                rows[r] = new double[] {r, r * 0.5};
            }
            RemoteObject<double[][]> blocks = pool.scatterArray(rows);
            List<double[][]> got = pool.apply(ctx -> blocks.get());
            assertBlocks(n, size, got.stream().map(b -> b.length).collect(Collectors.toList()));
            double[][] joined = got.stream().flatMap(Arrays::stream).toArray(double[][]::new);
            assertTrue(Arrays.deepEquals(rows, joined), "n=" + n);
            blocks.remove();
        }
    }

    private static void assertBlocks(int n, int size, List<Integer> blockSizes) {
        assertEquals(size, blockSizes.size());
        for (int w = 0; w < size; w++) {
            assertEquals(n / size + (w < n % size ? 1 : 0), blockSizes.get(w), "block of worker " + w + ", n=" + n);
        }
    }

    // ---- 5. apply and applyOnly ---------------------------------------------------------------------------------

    @Test
    void apply_runsExactlyOnceOnEveryWorkerInOrder() {
        RemoteObject<AtomicInteger> runs = pool.push(new AtomicInteger());
        List<Integer> indices = pool.apply(ctx -> {
            runs.get().incrementAndGet();
            return ctx.workerIndex();
        });
        assertEquals(IntStream.range(0, pool.size()).boxed().collect(Collectors.toList()), indices);
        assertEquals(Collections.nCopies(pool.size(), 1), pool.apply(ctx -> runs.get().get()));
        assertEquals(Collections.nCopies(pool.size(), pool.size()), pool.apply(WorkerContext::poolSize));
    }

    @Test
    void applyOnly_runsOnlyOnThatWorker() {
        RemoteObject<AtomicInteger> runs = pool.push(new AtomicInteger());
        int last = pool.size() - 1;
        int index = pool.applyOnly(last, ctx -> {
            runs.get().incrementAndGet();
            return ctx.workerIndex();
        });
        assertEquals(last, index);
        List<Integer> counts = pool.apply(ctx -> runs.get().get());
        for (int w = 0; w < pool.size(); w++) {
            assertEquals(w == last ? 1 : 0, counts.get(w), "runs on worker " + w);
        }
    }

    @Test
    void applyOnly_indexOutOfRange_throwsBeforeSending() {
        long commands = pool.stats().commands();
        for (int bad : new int[] {-1, pool.size(), Integer.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> pool.applyOnly(bad, ctx -> 1));
            assertContains(e.getMessage(), "worker " + bad);
            assertContains(e.getMessage(), "0.." + (pool.size() - 1));
        }
        assertEquals(commands, pool.stats().commands(), "nothing was sent");
    }

    // ---- 6. map -----------------------------------------------------------------------------------------------

    @Test
    void map_resultsInItemOrderForEverySize() {
        int size = pool.size();
        for (int n : new int[] {0, 1, Math.max(1, size - 1), size, 101, 100_000}) {
            List<Integer> items = IntStream.range(0, n).boxed().collect(Collectors.toList());
            List<Long> results = pool.map((Integer i) -> 3L * i + 1, items);
            assertEquals(n, results.size(), "n=" + n);
            for (int i = 0; i < n; i++) {
                assertEquals(3L * i + 1, results.get(i), "item " + i + " of " + n);
            }
        }
    }

    @Test
    void map_everyItemComputedExactlyOnce() {
        RemoteObject<AtomicInteger> calls = pool.push(new AtomicInteger());
        List<Integer> items = IntStream.range(0, 5_000).boxed().collect(Collectors.toList());
        List<Integer> results = pool.map((Integer i) -> {
            calls.get().incrementAndGet();
            return i;
        }, items);
        assertEquals(items, results);
        int total = pool.apply(ctx -> calls.get().get()).stream().mapToInt(Integer::intValue).sum();
        assertEquals(items.size(), total);
    }

    @Test
    void map_slowItem_doesNotHoldBackOthers() {
        int fastItems = 300;
        List<Integer> items = IntStream.rangeClosed(0, fastItems).boxed().collect(Collectors.toList());
        List<Integer> workers = pool.map((Integer i) -> {
            Thread.sleep(i == 0 ? 1500 : 1);
            return WorkerContext.current().workerIndex();
        }, items);
        int slowWorker = workers.get(0);
        List<Integer> fast = workers.subList(1, workers.size());
        long onSlowWorker = fast.stream().filter(w -> w == slowWorker).count();
        Set<Integer> fastWorkers = new HashSet<>(fast);
        int size = pool.size();
        if (size == 1) {
            assertEquals(Set.of(0), fastWorkers);
        } else {
            assertTrue(onSlowWorker < fastItems / (2 * size), "the worker busy with the slow item computed "
                    + onSlowWorker + " of " + fastItems + " fast items; a static split would give it "
                    + fastItems / size);
            fastWorkers.remove(slowWorker);
            assertTrue(fastWorkers.size() >= Math.min(2, size - 1), "fast items ran on " + fastWorkers);
        }
    }

    @Test
    void map_tinyItems_sentInBatches() {
        int n = 100_000;
        PoolStatsDelta delta = new PoolStatsDelta(pool);
        pool.map((Integer i) -> i, IntStream.range(0, n).boxed().collect(Collectors.toList()));
        assertEquals(n, delta.mapItems());
        assertTrue(delta.mapBatches() <= n / 20, "100000 tiny items took " + delta.mapBatches() + " batches");
    }

    @Test
    void map_emptyList_contactsNoWorker() {
        long commands = pool.stats().commands();
        assertEquals(List.of(), pool.map((Integer i) -> i, List.of()));
        pool.map((Integer i) -> i, List.<Integer>of(), (index, r) -> {
            throw new AssertionError("sink called for an empty list");
        });
        assertEquals(commands, pool.stats().commands());
    }

    // ---- 7. map into a ResultSink -------------------------------------------------------------------------------

    @Test
    void mapSink_callerThreadOncePerItemInCompletionOrder() {
        Thread caller = Thread.currentThread();
        int n = 200;
        int[] calls = new int[n];
        List<Integer> order = new ArrayList<>();
        List<Integer> items = IntStream.range(0, n).boxed().collect(Collectors.toList());
        pool.map((Integer i) -> {
            Thread.sleep(i == 0 ? 300 : 0);
            return i * i;
        }, items, (index, result) -> {
            assertSame(caller, Thread.currentThread(), "sink runs on the caller's thread");
            assertEquals(index * index, result);
            calls[index]++;
            order.add(index);
        });
        for (int i = 0; i < n; i++) {
            assertEquals(1, calls[i], "sink calls for item " + i);
        }
        if (pool.size() > 1) {
            assertNotEquals(0, order.get(0), "with several workers the slow item 0 is not delivered first");
        }
    }

    @Test
    void mapSink_boundsResultsWaitingInMemory() {
        int n = 3 * maxPendingResults() + 1_000;
        RemoteObject<AtomicInteger> computed = pool.push(new AtomicInteger());
        int[] computedAtFirstResult = {-1};
        int[] delivered = {0};
        pool.map((Integer i) -> computed.get().incrementAndGet(), IntStream.range(0, n).boxed()
                .collect(Collectors.toList()), (index, result) -> {
                    if (delivered[0]++ == 0) {
                        computedAtFirstResult[0] = pool.apply(ctx -> computed.get().get()).stream()
                                .mapToInt(Integer::intValue).sum();
                    }
                });
        assertEquals(n, delivered[0]);
        assertTrue(computedAtFirstResult[0] >= 1 && computedAtFirstResult[0] <= maxPendingResults(),
                "while the sink held the first result, " + computedAtFirstResult[0] + " items were computed;"
                        + " at most " + maxPendingResults() + " may wait");
    }

    // ---- 8. errors on workers ---------------------------------------------------------------------------------

    @Test
    void apply_workerThrows_workerExceptionWithRemoteDetails() {
        int last = pool.size() - 1;
        WorkerException e = assertThrows(WorkerException.class, () -> pool.apply(ctx -> {
            if (ctx.workerIndex() == last) {
                throw new IllegalStateException("boom on " + ctx.workerIndex());
            }
            return ctx.workerIndex();
        }));
        assertEquals(last, e.worker());
        assertEquals(-1, e.itemIndex());
        assertEquals(IllegalStateException.class.getName(), e.remoteClassName());
        assertEquals("boom on " + last, e.remoteMessage());
        assertContains(e.getMessage(), "boom on " + last);
        assertTrue(e.remoteStackTrace().stream().anyMatch(f -> f.getClassName().startsWith(getClass().getName())
                        || f.getClassName().startsWith(WorkerPoolContract.class.getName())),
                "remote frames include the function: " + e.remoteStackTrace());
        assertEquals(Collections.nCopies(pool.size(), 7), pool.apply(ctx -> 7), "the pool stays usable");
    }

    @Test
    void applyOnly_workerThrows_namesWorker() {
        int last = pool.size() - 1;
        WorkerException e = assertThrows(WorkerException.class, () -> pool.applyOnly(last, ctx -> {
            throw new java.io.IOException("disk gone");
        }));
        assertEquals(last, e.worker());
        assertEquals("java.io.IOException", e.remoteClassName());
        assertEquals(1, (int) pool.applyOnly(last, ctx -> 1));
    }

    @Test
    void map_itemThrows_namesItemAndStopsHandingOutBatches() {
        int n = 1_000;
        RemoteObject<AtomicInteger> computed = pool.push(new AtomicInteger());
        List<Integer> items = IntStream.range(0, n).boxed().collect(Collectors.toList());
        WorkerException e = assertThrows(WorkerException.class, () -> pool.map((Integer i) -> {
            computed.get().incrementAndGet();
            Thread.sleep(2);
            if (i == 7) {
                throw new ArithmeticException("bad item " + i);
            }
            return i;
        }, items));
        assertEquals(7, e.itemIndex());
        assertTrue(e.worker() >= 0 && e.worker() < pool.size());
        assertEquals(ArithmeticException.class.getName(), e.remoteClassName());
        assertEquals("bad item 7", e.remoteMessage());
        int total = pool.apply(ctx -> computed.get().get()).stream().mapToInt(Integer::intValue).sum();
        assertTrue(total < n / 2, "after the failure no new batches: " + total + " of " + n + " items ran");
        assertEquals(List.of(1, 2), pool.map((Integer i) -> i, List.of(1, 2)), "the pool stays usable");
    }

    @Test
    void mapSink_sinkThrows_propagatesAndPoolStaysUsable() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.map((Integer i) -> i,
                IntStream.range(0, 500).boxed().collect(Collectors.toList()), (index, result) -> {
                    throw new IllegalStateException("sink refuses " + index);
                }));
        assertContains(e.getMessage(), "sink refuses");
        assertEquals(List.of(3), pool.map((Integer i) -> i + 1, List.of(2)));
    }

    // ---- 9. captures that cannot be serialized ------------------------------------------------------------------

    @Test
    void apply_unserializableCapture_poolExceptionNamingClass() {
        Thread thread = new Thread(() -> { });
        long commands = pool.stats().commands();
        PoolException e = assertThrows(PoolException.class, () -> pool.apply(ctx -> thread.getName()));
        assertContains(e.getMessage(), "java.lang.Thread");
        PoolException inMap = assertThrows(PoolException.class,
                () -> pool.map((Integer i) -> thread.getName() + i, List.of(1)));
        assertContains(inMap.getMessage(), "java.lang.Thread");
        PoolException inPush = assertThrows(PoolException.class, () -> pool.push(List.of(thread)));
        assertContains(inPush.getMessage(), "java.lang.Thread");
        assertEquals(commands, pool.stats().commands(), "nothing was sent");
        assertEquals(Collections.nCopies(pool.size(), 1), pool.apply(ctx -> 1), "the pool stays usable");
    }

    @Test
    void apply_capturedPool_refusedNamingIt() {
        WorkerPool captured = pool;
        PoolException e = assertThrows(PoolException.class, () -> pool.apply(ctx -> captured.size()));
        assertContains(e.getMessage(), "WorkerPool");
    }

    // ---- 10. null arguments ---------------------------------------------------------------------------------

    @Test
    void nullArguments_throwNpeWithMessageBeforeSending() {
        long commands = pool.stats().commands();
        RemoteFunction<Integer, Integer> identity = i -> i;
        List<Executable> calls = List.of(
                () -> pool.push(null),
                () -> pool.scatterList(null),
                () -> pool.scatterArray(null),
                () -> pool.apply(null),
                () -> pool.applyOnly(0, null),
                () -> pool.map(null, List.of(1)),
                () -> pool.map(identity, null),
                () -> pool.map(null, List.of(1), (i, r) -> { }),
                () -> pool.map(identity, null, (i, r) -> { }),
                () -> pool.map(identity, List.of(1), null),
                () -> WorkerPools.create(null));
        for (Executable call : calls) {
            NullPointerException e = assertThrows(NullPointerException.class, call::run);
            assertTrue(e.getMessage() != null && e.getMessage().contains("must not be null"), e.getMessage());
        }
        assertEquals(commands, pool.stats().commands(), "nothing was sent");
    }

    /** A call that may throw; like {@link org.junit.jupiter.api.function.Executable} but without checked throws. */
    @FunctionalInterface
    private interface Executable {
        void run();
    }

    /** An exception that fails every way it can be read: its message, its description, its cause. */
    public static final class HostileException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** Creates it. */
        public HostileException() {
            super("never read");
        }

        @Override
        public String getMessage() {
            throw new NullPointerException("getMessage() of a hostile exception");
        }

        @Override
        public String toString() {
            throw new IllegalStateException("toString() of a hostile exception");
        }

        @Override
        public synchronized Throwable getCause() {
            throw new UnsupportedOperationException("getCause() of a hostile exception");
        }
    }

    @Test
    void apply_exceptionWhoseGetMessageThrows_workerExceptionAndEveryWorkerStays() {
        int size = pool.size();
        for (int round = 0; round < 2; round++) {
            WorkerException e = assertThrows(WorkerException.class, () -> pool.apply(ctx -> {
                throw new HostileException();
            }));
            assertEquals(HostileException.class.getName(), e.remoteClassName());
        }
        WorkerException inMap = assertThrows(WorkerException.class, () -> pool.map((Integer i) -> {
            if (i == 3) {
                throw new HostileException();
            }
            return i;
        }, List.of(0, 1, 2, 3, 4)));
        assertEquals(3, inMap.itemIndex());
        assertEquals(size, pool.size(), "no worker was lost");
        assertEquals(Collections.nCopies(size, 7), pool.apply(ctx -> 7), "the pool stays usable");
    }

    @Test
    void apply_functionThatNeverReturns_timesOutNamingTheSetting_andCloseIsBounded() {
        WorkerPool timed = create("call-timeout=5s");
        try {
            org.poolkit.api.PoolTimeoutException e = assertThrows(org.poolkit.api.PoolTimeoutException.class,
                    () -> timed.applyOnly(0, ctx -> {
                        Thread.sleep(600_000);
                        return 0;
                    }));
            assertContains(e.getMessage(), "call-timeout");
        } finally {
            long start = System.nanoTime();
            timed.close();
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(seconds < 30, "close() took " + seconds + " s with a worker stuck in a function");
        }
    }

    @Test
    void close_fromAnotherThreadDuringMap_endsTheCallWithPoolIsClosed() throws Exception {
        List<Integer> items = IntStream.range(0, 4_000).boxed().collect(Collectors.toList());
        AtomicInteger delivered = new AtomicInteger();
        assertCloseEndsTheCall(other -> other.map((Integer i) -> {
            Thread.sleep(20);
            return i;
        }, items, (index, result) -> delivered.incrementAndGet()), () -> delivered.get() > 0);
    }

    @Test
    void close_fromAnotherThreadDuringApply_endsTheCallWithPoolIsClosed() throws Exception {
        long start = System.nanoTime();
        assertCloseEndsTheCall(other -> other.apply(ctx -> {
            Thread.sleep(3_000);
            return 1;
        }), () -> System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(500));
    }

    /** Runs a call on a new pool in another thread, closes the pool once {@code running} says so, checks the end. */
    private void assertCloseEndsTheCall(java.util.function.Consumer<WorkerPool> call,
                                        java.util.function.BooleanSupplier running) throws Exception {
        WorkerPool other = create("");
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<?> runningCall = caller.submit(() -> call.accept(other));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!running.getAsBoolean() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            other.close();
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> runningCall.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IllegalStateException, "the call ended with " + e.getCause());
            assertContains(e.getCause().getMessage(), "pool is closed");
        } finally {
            other.close();
            caller.shutdownNow();
        }
    }

    // ---- 11. close ------------------------------------------------------------------------------------------

    @Test
    void close_isIdempotentAndLaterCallsThrow() {
        RemoteObject<String> handle = pool.push("x");
        pool.close();
        pool.close();
        assertTrue(handle.isRemoved(), "closing removes every handle");
        handle.remove();
        List<Executable> calls = List.of(
                () -> pool.size(),
                () -> pool.push("y"),
                () -> pool.scatterList(List.of(1)),
                () -> pool.scatterArray(new double[1][1]),
                () -> pool.apply(ctx -> 1),
                () -> pool.applyOnly(0, ctx -> 1),
                () -> pool.map((Integer i) -> i, List.of(1)),
                () -> pool.map((Integer i) -> i, List.of(1), (i, r) -> { }));
        for (Executable call : calls) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call::run);
            assertEquals("pool is closed", e.getMessage());
        }
    }

    // ---- 12. random generators ------------------------------------------------------------------------------

    @Test
    void random_differsPerWorkerAndIsReproducibleFromSeed() {
        WorkerFunction<List<Long>> draw = ctx -> List.of(ctx.random().nextLong(), ctx.random().nextLong());
        try (WorkerPool a = create("seed=7"); WorkerPool b = create("seed=7"); WorkerPool c = create("seed=8")) {
            List<List<Long>> fromA = a.apply(draw);
            assertEquals(fromA, b.apply(draw), "same seed, same numbers");
            assertNotEquals(fromA, c.apply(draw), "another seed, other numbers");
            assertEquals(fromA.size(), new HashSet<>(fromA).size(), "each worker has its own sequence");
        }
    }

    // ---- 13. several caller threads ---------------------------------------------------------------------------

    @Test
    void concurrentCallers_allCallsSucceed() throws Exception {
        int threads = 4;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * 1_000;
                done.add(callers.submit(() -> {
                    for (int round = 0; round < 5; round++) {
                        int base = offset + round;
                        try (RemoteObject<Integer> shift = pool.push(base)) {
                            List<Integer> items = IntStream.range(0, 300).boxed().collect(Collectors.toList());
                            List<Integer> got = pool.map((Integer i) -> i + shift.get(), items);
                            for (int i = 0; i < items.size(); i++) {
                                assertEquals(i + base, got.get(i));
                            }
                            assertEquals(Collections.nCopies(pool.size(), base), pool.apply(ctx -> shift.get()));
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : done) {
                assertTrue(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
            assertTrue(callers.awaitTermination(10, TimeUnit.SECONDS), "caller threads ended");
        }
        assertEquals(Collections.nCopies(pool.size(), 0), pool.apply(WorkerContext::objectCount));
    }

    // ---- pools by name -----------------------------------------------------------------------------------------

    @Test
    void create_specNameIsCaseInsensitive() {
        String upper = spec().toUpperCase(java.util.Locale.ROOT);
        try (WorkerPool again = WorkerPools.create(upper)) {
            assertEquals(pool.size(), again.size());
        }
    }

    static void assertContains(String text, String part) {
        assertTrue(text != null && text.contains(part), "expected \"" + part + "\" in: " + text);
    }
}
