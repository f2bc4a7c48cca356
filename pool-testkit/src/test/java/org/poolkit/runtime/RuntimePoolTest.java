package org.poolkit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolkit.api.PoolTimeoutException;
import org.poolkit.api.Mutability;
import org.poolkit.api.RemoteObject;
import org.poolkit.api.WorkerContext;
import org.poolkit.api.WorkerException;
import org.poolkit.api.WorkerLostException;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;
import org.poolkit.conformance.LeakCheck;
import org.poolkit.conformance.LiveWorkers;
import org.poolkit.spi.PoolSpec;

/** The shared runtime beyond the contract: batching settings, results that cannot travel, lost workers. */
@ExtendWith(LeakCheck.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RuntimePoolTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static KillableLink transport;

    /** A pool over the test double of a link whose workers the test can kill and replace. */
    private static RuntimePool loopback(int workers, String keys) {
        PoolSpec spec = PoolSpec.parse("loopback" + (keys.isEmpty() ? "" : ":" + keys));
        transport = new KillableLink(workers);
        return RuntimePool.overFrames("loopback", transport, RuntimeSettings.from(spec, ConfigFactory.load()));
    }

    @Test
    void map_fixedBatchSize_fromSpecKey() {
        try (WorkerPool pool = WorkerPools.create("loopback:workers=2,batch-size=10")) {
            List<Integer> results = pool.map((Integer i) -> i, IntStream.range(0, 1000).boxed()
                    .collect(Collectors.toList()));
            assertEquals(1000, results.size());
            assertEquals(100, pool.stats().mapBatches(), "1000 items in batches of 10");
        }
    }

    @Test
    void map_adaptiveBatches_growForCheapItemsOnly() {
        try (WorkerPool pool = WorkerPools.create("loopback:workers=2")) {
            pool.map((Integer i) -> i, IntStream.range(0, 20_000).boxed().collect(Collectors.toList()));
            long cheapBatches = pool.stats().mapBatches();
            pool.map((Integer i) -> {
                Thread.sleep(30);
                return i;
            }, IntStream.range(0, 20).boxed().collect(Collectors.toList()));
            long costlyBatches = pool.stats().mapBatches() - cheapBatches;
            assertTrue(cheapBatches < 200, "20000 cheap items took " + cheapBatches + " batches");
            assertTrue(costlyBatches >= 19, "items above the target batch time go one per batch: "
                    + costlyBatches + " batches for 20");
        }
    }

    @Test
    void apply_resultNotSerializable_failsNamingClassAndPoolStaysUsable() {
        try (WorkerPool pool = WorkerPools.create("loopback:workers=2")) {
            WorkerException e = assertThrows(WorkerException.class, () -> pool.apply(ctx -> new Thread()));
            assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
            WorkerException inMap = assertThrows(WorkerException.class,
                    () -> pool.map((Integer i) -> i == 3 ? new Object[] {new Thread()} : i, List.of(1, 2, 3, 4)));
            assertEquals(2, inMap.itemIndex(), "the item whose result could not travel");
            assertEquals(List.of(1, 1), pool.apply(ctx -> 1));
        }
    }

    @Test
    void map_workerLostMidway_everyResultExactlyOnce() throws Exception {
        try (RuntimePool pool = loopback(3, "")) {
            RemoteObject<int[]> unused = pool.push(new int[] {1}, Mutability.READ_ONLY);
            int n = 2_000;
            List<Integer> items = IntStream.range(0, n).boxed().collect(Collectors.toList());
            List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
            KillableLink killable = transport;
            CompletableFuture<Void> map = CompletableFuture.runAsync(() -> pool.map((Integer i) -> {
                Thread.sleep(1);
                return i * 2;
            }, items, (index, result) -> {
                assertEquals(index * 2, result);
                seen.add(index);
                if (seen.size() == n / 4) {
                    killable.kill(1);
                }
            }));
            map.get(60, TimeUnit.SECONDS);
            assertEquals(items, seen.stream().sorted().collect(Collectors.toList()), "each index exactly once");
            assertEquals(2, pool.size(), "size() counts live workers");
            assertEquals(List.of(0, 1), pool.apply(WorkerContext::workerIndex), "indices stay 0..size-1");
            assertEquals(List.of(2, 2), pool.apply(WorkerContext::poolSize));
            assertEquals(List.of(1, 1), pool.apply(ctx -> unused.get()[0]), "objects stay on the live workers");
            unused.remove();
        }
    }

    @Test
    void apply_workerLostWhileRunning_failsNamingIt() throws Exception {
        try (RuntimePool pool = loopback(3, "")) {
            KillableLink killable = transport;
            CompletableFuture<Integer> slow = CompletableFuture.supplyAsync(() -> pool.applyOnly(1, ctx -> {
                Thread.sleep(3000);
                return 1;
            }));
            Thread.sleep(300);
            killable.kill(1);
            ExecutionException e = assertThrows(ExecutionException.class, () -> slow.get(20, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof WorkerLostException, e.getCause().toString());
            assertEquals(1, ((WorkerLostException) e.getCause()).worker());
            assertTrue(e.getCause().getMessage().contains("worker 1"), e.getCause().getMessage());
            assertEquals(List.of(0, 1), pool.apply(WorkerContext::workerIndex), "the pool goes on with 2 workers");
        }
    }

    @Test
    void workerReplaced_getsEveryReadOnlyObjectAgain() throws Exception {
        try (RuntimePool pool = loopback(3, "")) {
            RemoteObject<List<String>> pushed = pool.push(List.of("a", "b"), Mutability.READ_ONLY);
            RemoteObject<List<Integer>> blocks = pool.scatterList(List.of(10, 11, 12, 13, 14), Mutability.READ_ONLY);
            RemoteObject<String> removed = pool.push("gone");
            removed.remove();
            transport.kill(1);
            LiveWorkers.await(pool, 2, WAIT);
            transport.revive(1);
            assertEquals(3, pool.size());
            assertEquals(Collections.nCopies(3, List.of("a", "b")), pool.apply(ctx -> pushed.get()));
            assertEquals(List.of(List.of(10, 11), List.of(12, 13), List.of(14)),
                    pool.apply(ctx -> new ArrayList<>(blocks.get())), "the new worker holds its slot's block");
            assertEquals(List.of(2, 2, 2), pool.apply(WorkerContext::objectCount), "removed objects are not restored");
            assertEquals(List.of(0, 1, 2), pool.apply(WorkerContext::workerIndex));
        }
    }

    @Test
    void apply_fatalErrorOnOneWorker_endsThatWorkerOnly() {
        try (WorkerPool pool = WorkerPools.create("loopback:workers=2")) {
            WorkerLostException e = assertThrows(WorkerLostException.class, () -> pool.apply(ctx -> {
                if (ctx.workerIndex() == 1) {
                    throw new InternalError("fatal on purpose");
                }
                return 0;
            }));
            assertEquals(1, e.worker(), e.getMessage());
            assertEquals(1, pool.size(), "the worker hit by a fatal VirtualMachineError ends; the other goes on");
            assertEquals(List.of(0), pool.apply(WorkerContext::workerIndex));
        }
    }

    @Test
    void workerReplacedThenLostAgain_poolGoesOnWithoutWaiting() throws Exception {
        try (RuntimePool pool = loopback(2, "call-timeout=1h")) {
            RemoteObject<int[]> pushed = pool.push(new int[] {7}, Mutability.READ_ONLY);
            transport.kill(1);
            LiveWorkers.await(pool, 1, WAIT);
            transport.revive(1);
            assertEquals(2, pool.size(), "the replacement is live once joined returns");
            transport.kill(1);
            LiveWorkers.await(pool, 1, WAIT);
            assertEquals(List.of(7), pool.apply(ctx -> pushed.get()[0]), "no wait on the lost replacement");
            transport.revive(1);
            assertEquals(List.of(7, 7), pool.apply(ctx -> pushed.get()[0]), "the second replacement has it too");
            pushed.remove();
        }
    }


    @Test
    void map_itemOutsideAllowList_failsNamingItNotAsLostWorkers() {
        try (WorkerPool pool = WorkerPools.create("loopback:workers=2")) {
            List<Object> items = new ArrayList<>(Collections.nCopies(50, (Object) "ok"));
            items.add(org.slf4j.event.Level.INFO);
            org.poolkit.api.PoolException e = assertThrows(org.poolkit.api.PoolException.class,
                    () -> pool.map((Object item) -> item.toString(), items));
            assertTrue(!(e instanceof WorkerLostException), e.toString());
            assertTrue(e.getMessage().contains("org.slf4j.event.Level") && e.getMessage().contains("allow-list"),
                    e.getMessage());
            assertEquals(2, pool.size(), "no worker was lost");
            assertEquals(List.of("a"), pool.map((String s) -> s, List.of("a")), "the pool stays usable");
        }
    }

    @Test
    void everyWorkerLost_callsFailAtOnce() throws Exception {
        try (RuntimePool pool = loopback(1, "call-timeout=1h")) {
            transport.kill(0);
            LiveWorkers.await(pool, 0, WAIT);
            assertThrows(WorkerLostException.class, () -> pool.map((Integer i) -> i, List.of(1, 2)));
            assertThrows(WorkerLostException.class, () -> pool.apply(ctx -> 1));
            assertThrows(WorkerLostException.class, () -> pool.scatterList(List.of(1)));
            assertThrows(WorkerLostException.class, () -> pool.push("x"));
        }
    }

    @Test
    void call_timeout_failsNamingWhatItWaitedFor() throws InterruptedException {
        try (WorkerPool pool = WorkerPools.create("loopback:workers=2,call-timeout=300ms")) {
            PoolTimeoutException e = assertThrows(PoolTimeoutException.class, () -> pool.applyOnly(1, ctx -> {
                Thread.sleep(1500);
                return 1;
            }));
            assertTrue(e.getMessage().contains("applyOnly(1) on workers [1]"), e.getMessage());
            Thread.sleep(1500);
            assertEquals(List.of(0, 1), pool.apply(WorkerContext::workerIndex), "the pool stays usable");
        }
    }

    @Test
    void close_whileAnotherThreadWaits_releasesIt() throws Exception {
        WorkerPool pool = WorkerPools.create("loopback:workers=1");
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> pool.applyOnly(0, ctx -> {
            Thread.sleep(2000);
            return 1;
        }));
        Thread.sleep(200);
        pool.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(15, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IllegalStateException, e.getCause().toString());
        assertTrue(e.getCause().getMessage().startsWith("pool is closed"), e.getCause().getMessage());
    }

    @Test
    void batchSizer_tailShrinksSoEveryWorkerGetsWork() {
        BatchSizer sizer = new BatchSizer(0, 20_000_000, 1_000_000);
        sizer.observe(1, 10);
        int size = 1;
        for (int i = 0; i < 20; i++) {
            size = sizer.next(1_000_000, 4);
        }
        assertTrue(size > 1000, "cheap items grow the batch: " + size);
        assertEquals(13, sizer.next(100, 4), "near the end: remaining / (2 * workers), rounded up");
        assertEquals(1, sizer.next(1, 4));
    }

    @Test
    void scatter_bounds_firstBlocksTakeTheRemainder() {
        assertEquals(List.of(0, 3, 6, 8, 10), IntStream.of(Scatter.bounds(10, 4)).boxed().collect(Collectors.toList()));
        assertEquals(List.of(0, 1, 1, 1), IntStream.of(Scatter.bounds(1, 3)).boxed().collect(Collectors.toList()));
    }
}
