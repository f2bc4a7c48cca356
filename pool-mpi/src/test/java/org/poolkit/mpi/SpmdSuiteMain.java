package org.poolkit.mpi;

import java.io.PrintWriter;

import mpi.MPI;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;

/**
 * An SPMD program, started under MPJ's multicore starter or {@link MpiRun}, that runs the conformance suite on
 * rank 0 against the other ranks. Worker ranks enter {@code WorkerPools.create("mpi")} and serve until rank 0
 * finishes the world. Prints {@code SPMD suite: P passed, F failed, S skipped} and exits with 0 only if all passed.
 */
public final class SpmdSuiteMain {

    private SpmdSuiteMain() {
    }

    /**
     * Runs the suite.
     *
     * @param args MPJ's arguments
     * @throws Exception when MPI fails
     */
    public static void main(String[] args) throws Exception {
        MPI.Init(args);
        WorkerPools.create("mpi:finalize=false").close();   // worker ranks serve inside this call and end there
        Launcher launcher = LauncherFactory.create();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(SpmdContract.class)).build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        summary.printFailuresTo(new PrintWriter(System.out, true), 30);
        try (WorkerPool last = WorkerPools.create("mpi")) {
            System.out.println("SPMD world of " + (last.size() + 1) + " ranks");
        }
        System.out.println("SPMD suite: " + summary.getTestsSucceededCount() + " passed, "
                + summary.getTestsFailedCount() + " failed, " + summary.getTestsSkippedCount() + " skipped");
        System.out.flush();
        System.exit(summary.getTestsFailedCount() == 0 && summary.getTestsSucceededCount() > 0 ? 0 : 1);
    }
}
