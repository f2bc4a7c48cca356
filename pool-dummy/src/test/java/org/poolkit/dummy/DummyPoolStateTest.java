package org.poolkit.dummy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolkit.api.Mutability.READ_ONLY;
import static org.poolkit.api.Mutability.STATEFUL;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolkit.api.Immutable;
import org.poolkit.api.RemoteObject;
import org.poolkit.api.WorkerContext;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;
import org.poolkit.conformance.LeakCheck;

/** Mutability, restore, the worker thread and the spec keys of the dummy pool. */
@ExtendWith(LeakCheck.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DummyPoolStateTest {

    private WorkerPool pool;

    @BeforeEach
    void open() {
        pool = WorkerPools.create("dummy");
    }

    @AfterEach
    void close() {
        pool.close();
    }

    /** An immutable value. */
    record Label(String text) implements Immutable {
    }

    @Test
    void push_mutabilityAsDeclared_immutableAlwaysReadOnly() {
        assertEquals(STATEFUL, pool.push(new ArrayList<>(List.of(1))).mutability());
        assertEquals(READ_ONLY, pool.push(new ArrayList<>(List.of(1)), READ_ONLY).mutability());
        assertEquals(READ_ONLY, pool.push(new Label("a"), STATEFUL).mutability());
        assertEquals(STATEFUL, pool.scatterList(List.of(1, 2)).mutability());
        assertEquals(READ_ONLY, pool.scatterArray(new double[2][2], READ_ONLY).mutability());
        assertThrows(NullPointerException.class, () -> pool.push("x", null));
    }

    @Test
    void restore_givesTheWorkerTheCallersOriginalAgain() {
        ArrayList<Integer> original = new ArrayList<>(List.of(1, 2));
        RemoteObject<ArrayList<Integer>> pushed = pool.push(original);
        RemoteObject<List<Integer>> scattered = pool.scatterList(List.of(5, 6, 7));
        pool.apply(ctx -> {
            pushed.get().add(3);
            scattered.get().clear();
            return null;
        });
        assertEquals(List.of(List.of(1, 2, 3)), pool.apply(ctx -> new ArrayList<>(pushed.get())));
        pool.restore(pushed);
        pool.restore(scattered);
        assertEquals(List.of(List.of(1, 2)), pool.apply(ctx -> new ArrayList<>(pushed.get())));
        assertEquals(List.of(List.of(5, 6, 7)), pool.apply(ctx -> new ArrayList<>(scattered.get())));
        assertEquals(List.of(2), pool.apply(WorkerContext::objectCount), "restored in place, not added");
    }

    @Test
    void restore_removedOrForeignHandle_refusedNamingIt() {
        RemoteObject<String> removed = pool.push("x");
        removed.remove();
        IllegalStateException gone = assertThrows(IllegalStateException.class, () -> pool.restore(removed));
        assertTrue(gone.getMessage().contains(removed.toString()), gone.getMessage());
        try (WorkerPool other = WorkerPools.create("dummy")) {
            RemoteObject<String> foreign = other.push("theirs");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.restore(foreign));
            assertTrue(e.getMessage().contains(foreign.toString()), e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> pool.restore(null));
    }

    @Test
    void apply_runsOnThePoolsWorkerThreadWithIncarnationZero() {
        Thread caller = Thread.currentThread();
        List<String> threads = pool.apply(ctx -> Thread.currentThread().getName());
        assertTrue(threads.get(0).startsWith("poolkit-dummy-") && !threads.get(0).equals(caller.getName()),
                threads.toString());
        assertEquals(List.of(true), pool.apply(ctx -> Thread.currentThread().isDaemon()));
        assertEquals(List.of(0), pool.apply(WorkerContext::incarnation));
    }

    @Test
    void create_runtimeSpecKeysAccepted_unknownKeyListsThem() {
        try (WorkerPool tuned = WorkerPools.create("dummy:call-timeout=30s,batch-size=7,max-pending=20,seed=3")) {
            List<Integer> items = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                items.add(i);
            }
            assertEquals(items, tuned.map((Integer i) -> i, items));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkerPools.create("dummy:timeout=5s"));
        assertTrue(e.getMessage().contains("call-timeout"), e.getMessage());
    }

    @Test
    void push_copiesButImmutableShared() {
        Label label = new Label("shared");
        ArrayList<String> list = new ArrayList<>(List.of("copied"));
        RemoteObject<Label> sharedHandle = pool.push(label);
        RemoteObject<ArrayList<String>> copiedHandle = pool.push(list);
        assertEquals(List.of(true), pool.apply(ctx -> sharedHandle.get() == label));
        List<ArrayList<String>> copy = pool.apply(ctx -> copiedHandle.get());
        assertNotSame(list, copy.get(0));
    }
}
