package org.poolkit.mpi;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Rank 0's collective operations ({@code Bcast}, {@code Scatterv}), each run on a helper thread and waited for a
 * bounded time: the heartbeat timeout plus 20 ns a byte (at least 50 MB/s). The MPI thread makes no MPI call
 * meanwhile; a collective that does not end in time means a rank is gone, and its helper thread stays with the
 * broken world. Used by rank 0's MPI thread; its watchdog asks {@link #running()}.
 */
final class Collectives {

    private static final long NANOS_PER_BYTE = 20;

    /** A collective operation failed or hung. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    private final long baseNanos;
    private final ExecutorService helper = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mpj-rank0-collective");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean running;

    Collectives(Duration heartbeatTimeout) {
        this.baseNanos = heartbeatTimeout.toNanos();
    }

    /**
     * Runs a collective and waits for it.
     *
     * @param what  what it is, for the message
     * @param bytes how many bytes it moves
     * @param call  the MPI call
     * @throws Failure if it failed or did not end in time
     */
    void run(String what, long bytes, Runnable call) {
        long limitNanos = baseNanos + bytes * NANOS_PER_BYTE;
        CompletableFuture<Void> done = CompletableFuture.runAsync(call, helper);
        running = true;
        try {
            done.get(limitNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new Failure(what + " did not complete within " + Duration.ofNanos(limitNanos).toSeconds()
                    + " s: a rank is gone");
        } catch (ExecutionException e) {
            throw new Failure(what + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(what + " was interrupted");
        } finally {
            running = false;
        }
    }

    /** Whether a collective is under way (it has its own bound, which the watchdog leaves to it). */
    boolean running() {
        return running;
    }

    void shutdown() {
        helper.shutdown();
    }
}
