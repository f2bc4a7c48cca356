package org.poolkit.dummy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.poolkit.api.PoolException;
import org.poolkit.api.PoolTimeoutException;
import org.poolkit.api.RemoteObject;
import org.poolkit.api.WorkerException;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;
import org.poolkit.conformance.LeakCheck;
import org.poolkit.conformance.WorkerPoolContract;

/**
 * What user code does to the dummy pool by accident (exceptions that fail to describe themselves, fatal errors,
 * functions that never return, graphs too deep to serialize) and closing it from another thread. Each test ends
 * with no {@code poolkit-} thread left ({@link LeakCheck}): a function stuck on purpose is released at the end.
 */
@ExtendWith(LeakCheck.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DummyPoolFailureTest {

    /** Holds a stuck function until the test lets it go. */
    private static volatile boolean released;

    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void release() throws InterruptedException {
        released = true;
        callers.shutdownNow();
        assertTrue(callers.awaitTermination(10, TimeUnit.SECONDS));
    }

    /** Ignores interrupts until the test is over: a function that, as far as the pool can tell, never returns. */
    private static int deaf() {
        released = false;
        while (!released) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                // deaf
            }
        }
        return -1;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dummy", "loopback:workers=2"})
    void apply_hostileException_describedPartByPartAndPoolUsable(String spec) {
        try (WorkerPool pool = WorkerPools.create(spec)) {
            WorkerException e = assertThrows(WorkerException.class, () -> pool.applyOnly(0, ctx -> {
                throw new WorkerPoolContract.HostileException();
            }));
            assertEquals("<getMessage() threw java.lang.NullPointerException>", e.remoteMessage());
            Throwable[] suppressed = e.getCause().getSuppressed();
            assertEquals(1, suppressed.length, "what getCause() threw");
            assertContains(suppressed[0].getMessage(), "getCause() of "
                    + WorkerPoolContract.HostileException.class.getName() + " threw this");
            assertTrue(e.remoteStackTrace().size() > 0, "the frames are still read");
            assertEquals(List.of(1, 2), pool.map((Integer i) -> i + 1, List.of(0, 1)), "the pool stays usable");
        }
    }

    @Test
    void map_internalError_workerExceptionNamingItemAndPoolUsable() {
        try (WorkerPool pool = WorkerPools.create("dummy")) {
            List<Integer> items = IntStream.range(0, 100).boxed().collect(Collectors.toList());
            WorkerException e = assertThrows(WorkerException.class, () -> pool.map((Integer i) -> {
                if (i == 37) {
                    throw new InternalError("fatal on " + i);
                }
                return i;
            }, items));
            assertEquals(37, e.itemIndex());
            assertEquals(0, e.worker());
            assertEquals(InternalError.class.getName(), e.remoteClassName());
            assertTrue(e.getMessage().contains("item 37") && e.getMessage().contains("fatal on 37"), e.getMessage());
            WorkerException npe = assertThrows(WorkerException.class, () -> pool.apply(ctx -> {
                String nothing = null;
                return nothing.length();
            }));
            assertEquals(NullPointerException.class.getName(), npe.remoteClassName());
            assertEquals(items, pool.map((Integer i) -> i, items), "the one worker survives");
        }
    }

    @Test
    void apply_functionNeverReturns_timeoutThenStuckAndCloseReturnsAtOnce() {
        WorkerPool pool = WorkerPools.create("dummy:call-timeout=5s");
        try {
            long start = System.nanoTime();
            PoolTimeoutException e = assertThrows(PoolTimeoutException.class,
                    () -> pool.apply(ctx -> deaf()));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 4_900 && waited < 10_000, "waited " + waited + " ms");
            assertContains(e.getMessage(), "timed out after 5s");
            assertContains(e.getMessage(), "call-timeout");
            assertContains(e.getMessage(), "waiting for apply on worker 0 of dummy-");

            long before = System.nanoTime();
            PoolException later = assertThrows(PoolException.class, () -> pool.map((Integer i) -> i, List.of(1)));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before) < 1_000, "fails at once");
            assertContains(later.getMessage(), "map on dummy-");
            assertContains(later.getMessage(), "stuck in apply since ");
            assertThrows(PoolException.class, () -> pool.push("x"));
            assertEquals(1, pool.size(), "size() still answers");
        } finally {
            long closing = System.nanoTime();
            pool.close();
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
            assertTrue(took < 1_000, "close() took " + took + " ms with the worker stuck");
        }
    }

    @Test
    void apply_interruptibleFunctionTimesOut_poolUsableOnceItReturns() throws InterruptedException {
        try (WorkerPool pool = WorkerPools.create("dummy:call-timeout=1s")) {
            assertThrows(PoolTimeoutException.class, () -> pool.apply(ctx -> {
                Thread.sleep(60_000);
                return 0;
            }));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (true) {
                try {
                    assertEquals(List.of(7), pool.apply(ctx -> 7));
                    break;
                } catch (PoolException stuck) {
                    assertTrue(System.nanoTime() < deadline, "still stuck: " + stuck.getMessage());
                    Thread.sleep(20);
                }
            }
        }
    }

    @Test
    void map_closedFromAnotherThread_illegalStateWithinASecond() throws Exception {
        WorkerPool pool = WorkerPools.create("dummy");
        AtomicInteger delivered = new AtomicInteger();
        List<Integer> items = IntStream.range(0, 10_000).boxed().collect(Collectors.toList());
        Future<?> map = callers.submit(() -> pool.map((Integer i) -> deafFor(50), items,
                (index, result) -> delivered.incrementAndGet()));
        while (delivered.get() < 3) {
            Thread.sleep(10);
        }
        long start = System.nanoTime();
        callers.submit(pool::close);
        ExecutionException e = assertThrows(ExecutionException.class, () -> map.get(10, TimeUnit.SECONDS));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertContains(e.getCause().getMessage(), "pool is closed");
        assertTrue(took < 1_000, "the map ended " + took + " ms after close()");
    }

    @Test
    void close_fromAnotherThreadWhileAFunctionIgnoresInterrupts_boundedAndCallEnds() throws Exception {
        WorkerPool pool = WorkerPools.create("dummy");
        Future<?> apply = callers.submit(() -> pool.apply(ctx -> deaf()));
        Thread.sleep(300);
        long start = System.nanoTime();
        pool.close();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took < 2_600, "close() took " + took + " ms");
        ExecutionException e = assertThrows(ExecutionException.class, () -> apply.get(1, TimeUnit.SECONDS));
        assertContains(e.getCause().getMessage(), "pool is closed");
    }

    /** Sleeps about {@code millis}, whatever interrupts say. */
    private static int deafFor(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
            } catch (InterruptedException e) {
                // deaf
            }
        }
        return 0;
    }

    /** A user's own linked list. */
    static final class Node implements Serializable {
        private static final long serialVersionUID = 1L;
        Node next;
        int v;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dummy", "loopback:workers=2"})
    void push_millionNodeChain_saysTooDeepAndPoolUsable(String spec) {
        Node head = null;
        for (int i = 0; i < 1_000_000; i++) {
            Node node = new Node();
            node.v = i;
            node.next = head;
            head = node;
        }
        Node chain = head;
        try (WorkerPool pool = WorkerPools.create(spec)) {
            PoolException e = assertThrows(PoolException.class, () -> pool.push(chain));
            assertContains(e.getMessage(), "cannot serialize object of " + Node.class.getName());
            assertContains(e.getMessage(), "too deep for the recursive serializer");
            assertContains(e.getMessage(), Node.class.getName() + ".next x");
            assertContains(e.getMessage(), "not a circular reference");
            assertContains(e.getMessage(), "-Xss");
            Node shortChain = new Node();
            shortChain.next = new Node();
            shortChain.next.v = 5;
            RemoteObject<Node> pushed = pool.push(shortChain);
            assertEquals(List.of(5), pool.map((Integer i) -> pushed.get().next.v, List.of(0)), "the pool stays usable");
        }
    }

    static void assertContains(String text, String part) {
        assertTrue(text != null && text.contains(part), "expected \"" + part + "\" in: " + text);
    }
}
