package org.poolkit.runtime;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.poolkit.conformance.StuckFunctionProgram;

/** A loopback worker stuck in a function that ignores interrupts: the call times out, close is bounded, the JVM exits. */
class LoopbackStuckFunctionTest {

    @Test
    void functionThatNeverReturns_jvmStillExitsAfterClose() throws Exception {
        StuckFunctionProgram.assertJvmExits("loopback:workers=2", Duration.ofSeconds(10));
    }
}
