package org.poolkit.mpi;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.poolkit.conformance.StuckFunctionProgram;

/** An MPI rank stuck in a function that ignores interrupts: the call times out, close is bounded, the JVM exits. */
class MpiStuckFunctionTest {

    @Test
    void functionThatNeverReturns_jvmStillExitsAfterClose() throws Exception {
        StuckFunctionProgram.assertJvmExits("mpi:np=2", Duration.ofSeconds(30));
    }
}
