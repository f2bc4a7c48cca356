package org.poolkit.mpi;

import mpi.MPI;
import mpi.MPIException;
import org.poolkit.api.PoolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The SPMD side of {@code WorkerPools.create("mpi")}: rank 0 gets a link, the other ranks serve and end. */
final class Spmd {

    private static final Logger LOG = LoggerFactory.getLogger(Spmd.class);

    private Spmd() {
    }

    /** MPI.Finalize waits for every rank; run it on a helper and give up after a while rather than hang close(). */
    private static void finalizeBounded() {
        Thread finalizer = new Thread(() -> {
            try {
                MPI.Finalize();
            } catch (MPIException e) {
                LOG.warn("MPI.Finalize on rank 0 failed: {}", e.toString());
            }
        }, "mpj-rank0-finalize");
        finalizer.setDaemon(true);
        finalizer.start();
        try {
            finalizer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (finalizer.isAlive()) {
            LOG.warn("MPI.Finalize on rank 0 did not return within 30 s; going on without it");
        }
    }

    /** On rank 0 returns the link of a new session; on other ranks serves the world, then ends the rank. */
    static MpiLink join(MpiSettings settings, boolean finalizeOnClose) {
        World world = World.get();
        if (world.rank != Ranks.COORDINATOR) {
            boolean finished;
            try {
                finished = new WorkerRank(world.world, world.p2p, settings.maxMessageBytes()).serve();
                if (finished) {
                    MPI.Finalize();
                }
            } catch (MPIException e) {
                LOG.error("rank {}: MPI failed", world.rank, e);
                finished = false;
            }
            World.exitRank(finished ? 0 : 3);
            throw new IllegalStateException("unreachable: rank " + world.rank + " has ended");
        }
        if (world.size < 2) {
            throw new PoolException("the MPI world has one rank; the pool needs at least one worker rank"
                    + " (run with -np 2 or more: rank 0 coordinates, ranks 1.. compute)");
        }
        Coordinator coordinator = world.coordinator(settings);
        return new MpiLink(coordinator, () -> {
            if (finalizeOnClose && !coordinator.finishWorld()) {
                LOG.warn("the MPI world is broken or did not end cleanly: MPI.Finalize is skipped on rank 0");
            } else if (finalizeOnClose) {
                finalizeBounded();
            }
        });
    }
}
