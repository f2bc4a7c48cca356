package org.poolkit.examples.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;

/** A project that depends on pool-dummy only finds the pool by name, in any case. */
class ConsumerTest {

    @Test
    void create_upperCaseDummy_worksFromPlainConsumer() {
        assertTrue(WorkerPools.available().contains("dummy"), WorkerPools.available().toString());
        try (WorkerPool pool = WorkerPools.create("DUMMY")) {
            assertEquals(1, pool.size());
            assertEquals(List.of(2, 4, 6), pool.map((Integer i) -> 2 * i, List.of(1, 2, 3)));
        }
    }

    @Test
    void fromConfig_defaultsToDummy() {
        try (WorkerPool pool = WorkerPools.fromConfig()) {
            assertTrue(pool.toString().startsWith("dummy-"), pool.toString());
        }
    }

    @Test
    void main_runs() {
        Hello.main(new String[0]);
    }
}
