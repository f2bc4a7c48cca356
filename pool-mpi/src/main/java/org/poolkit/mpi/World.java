package org.poolkit.mpi;

import mpi.Comm;
import mpi.Intracomm;
import mpi.MPI;
import mpi.MPIException;
import org.poolkit.api.PoolException;

/**
 * This rank's view of the MPI world, made once per rank (per class loader under the multicore device): the world
 * communicator for broadcasts and scatters, a duplicate for point-to-point traffic, and on rank 0 the
 * {@link Coordinator}.
 */
final class World {

    private static World instance;

    final Intracomm world;
    final Comm p2p;
    final int rank;
    final int size;
    private Coordinator coordinator;

    private World() throws MPIException {
        this.world = MPI.COMM_WORLD;
        this.p2p = (Comm) world.clone();
        this.rank = world.Rank();
        this.size = world.Size();
    }

    /** The world of this rank; MPI must have been initialized ({@code MPI.Init(args)}). */
    static synchronized World get() {
        if (instance == null) {
            try {
                if (!MPI.Initialized()) {
                    throw new IllegalStateException("MPI is not initialized: call MPI.Init(args) in main before"
                            + " WorkerPools.create(\"mpi\"), under mpjrun or MpiRun; or launch ranks with \"mpi:np=N\"");
                }
                instance = new World();
            } catch (MPIException e) {
                throw new PoolException("cannot set up the MPI world: " + e, e);
            }
        }
        return instance;
    }

    synchronized Coordinator coordinator(MpiSettings settings) {
        if (coordinator == null) {
            try {
                coordinator = new Coordinator(world, p2p, settings);
            } catch (MPIException e) {
                throw new PoolException("cannot start rank 0's MPI thread: " + e, e);
            }
        }
        return coordinator;
    }

    /** Whether this rank runs under MPJ's multicore device: ranks are threads of one JVM. */
    static boolean multicore() {
        return Thread.currentThread().getThreadGroup().getClass().getName().equals("xdev.smpdev.SMPDevProcess");
    }

    /**
     * Ends this worker rank. With niodev the rank is a process: it exits. Under the multicore device the ranks are
     * threads of one JVM: the rank waits for rank 0's thread to end, then ends the JVM with the same code.
     */
    static void exitRank(int code) {
        if (multicore()) {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                ThreadGroup group = thread.getThreadGroup();
                if (group != null && group.getName().equals("MPI0")) {
                    try {
                        thread.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
        System.exit(code);
    }
}
