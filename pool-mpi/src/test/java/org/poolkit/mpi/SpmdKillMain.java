package org.poolkit.mpi;

import mpi.MPI;
import org.poolkit.api.PoolException;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;

/**
 * An SPMD program in which rank 0 kills worker 1 (rank 2) with SIGKILL and then calls the pool: the call must fail
 * naming the rank, and the program must end. Prints {@code LOST after N ms: message}.
 */
public final class SpmdKillMain {

    private SpmdKillMain() {
    }

    /**
     * Runs the scenario.
     *
     * @param args MPJ's arguments
     * @throws Exception when the scenario cannot run
     */
    public static void main(String[] args) throws Exception {
        MPI.Init(args);
        WorkerPool pool = WorkerPools.create("mpi");
        long victim = pool.applyOnly(1, ctx -> ProcessHandle.current().pid());
        new ProcessBuilder("kill", "-9", Long.toString(victim)).start().waitFor();
        long start = System.nanoTime();
        try {
            pool.apply(ctx -> {
                Thread.sleep(60_000);
                return 0;
            });
            System.out.println("NOT LOST: the call succeeded");
        } catch (PoolException e) {
            System.out.println("LOST after " + (System.nanoTime() - start) / 1_000_000 + " ms: " + e.getMessage());
        }
        try {
            pool.apply(ctx -> 1);
            System.out.println("NOT CLOSED: a later call succeeded");
        } catch (PoolException e) {
            System.out.println("LATER: " + e.getMessage());
        }
        pool.close();
        System.out.flush();
        System.exit(0);
    }
}
