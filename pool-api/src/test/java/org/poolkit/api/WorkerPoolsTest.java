package org.poolkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** Pool selection by spec and by configuration. */
class WorkerPoolsTest {

    private static final Config REFERENCE = ConfigFactory.load();

    @Test
    void available_listsProvidersOnClassPath() {
        assertTrue(WorkerPools.available().contains("loopback"), WorkerPools.available().toString());
    }

    @Test
    void create_unknownName_listsAvailable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerPools.create("lopback"));
        assertEquals("unknown pool 'lopback'; available: " + String.join(", ", WorkerPools.available()),
                e.getMessage());
    }

    @Test
    void create_unknownKey_namesKeyAndValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkerPools.create("loopback:wrokers=2"));
        assertTrue(e.getMessage().contains("unknown key 'wrokers'"), e.getMessage());
        assertTrue(e.getMessage().contains("workers") && e.getMessage().contains("seed"), e.getMessage());
    }

    @Test
    void create_badValue_namesKeyAndExpectedForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkerPools.create("loopback:workers=two"));
        assertTrue(e.getMessage().contains("'two'") && e.getMessage().contains("'workers'")
                && e.getMessage().contains("an integer from 1 to 1024"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WorkerPools.create("loopback:workers=0"));
        assertThrows(IllegalArgumentException.class, () -> WorkerPools.create("loopback:seed=x"));
        assertThrows(IllegalArgumentException.class, () -> WorkerPools.create("loopback:batch-size=-3"));
        assertThrows(IllegalArgumentException.class, () -> WorkerPools.create("loopback:call-timeout=soon"));
    }

    @Test
    void create_malformedSpec_explainsForm() {
        for (String spec : new String[] {"", ":workers=2", "loopback:workers", "loopback:workers=1,workers=2"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerPools.create(spec));
            assertTrue(e.getMessage().contains("pool spec"), e.getMessage());
        }
    }

    @Test
    void create_nameCaseInsensitiveAndSpacesTolerated() {
        try (WorkerPool pool = WorkerPools.create(" LoopBack : Workers = 3 ")) {
            assertEquals(3, pool.size());
        }
    }

    @Test
    void configuredSpec_systemPropertyBeatsEnvironmentBeatsConfig() {
        Config conf = ConfigFactory.parseMap(Map.of("poolkit.pool", "from-conf")).withFallback(REFERENCE);
        assertEquals("from-prop", WorkerPools.configuredSpec(conf, k -> "from-prop", k -> "from-env"));
        assertEquals("from-env", WorkerPools.configuredSpec(conf, k -> null, k -> "from-env"));
        assertEquals("from-conf", WorkerPools.configuredSpec(conf, k -> null, k -> null));
        assertEquals("from-conf", WorkerPools.configuredSpec(conf, k -> " ", k -> ""));
    }

    @Test
    void configuredSpec_unset_usesHighestPriorityProvider() {
        assertEquals("loopback", WorkerPools.configuredSpec(REFERENCE, k -> null, k -> null),
                "pool-api alone offers only loopback");
    }

    @Test
    void fromConfig_readsSystemProperty() {
        String previous = System.getProperty(WorkerPools.POOL_KEY);
        System.setProperty(WorkerPools.POOL_KEY, "loopback:workers=3");
        try (WorkerPool pool = WorkerPools.fromConfig()) {
            assertEquals(3, pool.size());
        } finally {
            if (previous == null) {
                System.clearProperty(WorkerPools.POOL_KEY);
            } else {
                System.setProperty(WorkerPools.POOL_KEY, previous);
            }
        }
    }
}
