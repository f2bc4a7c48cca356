package org.poolkit.dummy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.poolkit.conformance.StuckFunctionProgram;

/**
 * A dummy pool whose function never returns and ignores interrupts, in a JVM of its own (the thread it leaves
 * behind must not stay in this one): the call times out naming the setting, {@code close()} returns at once with a
 * warning that names the thread left behind, and the JVM exits by itself after {@code main} returns.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DummyStuckFunctionTest {

    @Test
    void close_functionNeverReturns_jvmExitsByItself() throws Exception {
        long start = System.nanoTime();
        List<String> output = StuckFunctionProgram.assertJvmExits("dummy", Duration.ofSeconds(1));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertTrue(seconds < 30, "the JVM ran " + seconds + " s, its call timeout being 5 s: " + output);
        assertTrue(output.stream().anyMatch(line -> line.contains("is left behind")
                && line.contains("'poolkit-dummy-")), "a warning names the thread left behind: " + output);
    }
}
