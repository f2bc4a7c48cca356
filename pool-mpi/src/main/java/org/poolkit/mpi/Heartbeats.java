package org.poolkit.mpi;

import java.time.Duration;
import java.util.Arrays;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * When rank 0 last heard from each worker rank, how long rank 0's own MPI thread has been in its current turn, and
 * which silence means that a rank is gone. Every worker rank sends a heartbeat each second ({@link WorkerRank}); any
 * message counts, and so does taking part in a collective. Written by rank 0's MPI thread; its watchdog reads it.
 */
final class Heartbeats {

    /** When one rank exceeds the timeout, every rank quiet this long is named too. */
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(1_500);

    /** A rank that has been silent too long, and the message that says so. */
    record Silence(int rank, String reason) {
    }

    private final long[] lastSeen;
    private final long timeoutNanos;
    /** When the MPI thread's current turn began, 0 between turns. */
    private volatile long turnStarted;

    Heartbeats(int worldSize, Duration timeout) {
        this.lastSeen = new long[worldSize];
        this.timeoutNanos = timeout.toNanos();
        seenAll();
    }

    /** A message came from {@code rank}. */
    void seen(int rank) {
        lastSeen[rank] = System.nanoTime();
    }

    /** A collective completed: every rank took part. */
    void seenAll() {
        Arrays.fill(lastSeen, System.nanoTime());
    }

    /** The MPI thread begins a turn. */
    void turnStarted() {
        turnStarted = System.nanoTime();
    }

    /** The MPI thread ended its turn. */
    void turnEnded() {
        turnStarted = 0;
    }

    /** The worker rank heard from the longest time ago. */
    int stalest() {
        int worst = Ranks.firstWorkerRank();
        for (int rank = worst; rank < lastSeen.length; rank++) {
            if (lastSeen[rank] < lastSeen[worst]) {
                worst = rank;
            }
        }
        return worst;
    }

    /**
     * Checks the heartbeats.
     *
     * @return the rank quiet the longest if it exceeded {@code poolkit.mpi.heartbeat-timeout}, else {@code null}
     */
    Silence check() {
        long now = System.nanoTime();
        int worst = stalest();
        if (now - lastSeen[worst] <= timeoutNanos) {
            return null;
        }
        // with niodev one dead rank can take others down: name every rank that has gone quiet
        StringJoiner silent = new StringJoiner(", ");
        for (int rank = Ranks.firstWorkerRank(); rank < lastSeen.length; rank++) {
            long quiet = now - lastSeen[rank];
            if (quiet > QUIET_NANOS) {
                silent.add("rank " + rank + " for " + Duration.ofNanos(quiet).toMillis() + " ms");
            }
        }
        return new Silence(worst, "no heartbeat from " + silent + " (poolkit.mpi.heartbeat-timeout is "
                + Duration.ofNanos(timeoutNanos).toSeconds() + " s)");
    }

    /**
     * The watchdog's check: MPJ can block inside a send to a rank that died.
     *
     * @return the rank quiet the longest if the MPI thread's current turn has lasted longer than the heartbeat
     *         timeout, else {@code null}
     */
    Silence checkTurn() {
        long started = turnStarted;
        long blocked = System.nanoTime() - started;
        if (started == 0 || blocked <= timeoutNanos) {
            return null;
        }
        int rank = stalest();
        return new Silence(rank, "rank 0's MPI calls have been blocked for " + Duration.ofNanos(blocked).toSeconds()
                + " s, a rank is gone (quiet the longest: rank " + rank + ")");
    }
}
