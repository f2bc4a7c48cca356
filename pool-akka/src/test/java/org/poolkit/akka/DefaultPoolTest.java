package org.poolkit.akka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;
import org.poolkit.conformance.LeakCheck;

/** With pool-akka on the class path, the default pool is worker actors, one per processor. */
@ExtendWith(LeakCheck.class)
class DefaultPoolTest {

    @Test
    void fromConfig_unset_isAkkaWithOneWorkerPerProcessor() {
        try (WorkerPool pool = WorkerPools.fromConfig()) {
            assertTrue(pool.toString().startsWith("akka-"), pool.toString());
            assertEquals(Runtime.getRuntime().availableProcessors(), pool.size());
        }
    }

    @Test
    void available_listsBothAkkaPools() {
        assertTrue(WorkerPools.available().containsAll(java.util.Set.of("akka", "akka-cluster", "loopback")),
                WorkerPools.available().toString());
    }
}
