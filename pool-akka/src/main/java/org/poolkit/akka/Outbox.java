package org.poolkit.akka;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import akka.actor.typed.ActorRef;
import org.poolkit.api.PoolException;
import org.poolkit.api.WorkerLostException;
import org.poolkit.support.Chunks;

/**
 * Sends frames to one actor across the network: whole when small, as acknowledged chunks when larger than
 * {@code chunkSize}, with at most {@code window} chunks unacknowledged so Artery's queues never overflow (a message
 * larger than Artery's frame, or one that finds its queue full, would be dropped). Sends to one destination are
 * serialized, which keeps them in order. Thread-safe.
 */
final class Outbox {

    private static final AtomicLong STREAMS = new AtomicLong();

    private final ActorRef<Wire.Message> target;
    private final int slot;
    private final String targetName;
    private final int chunkSize;
    private final int window;
    private final Duration ackTimeout;
    private final Semaphore credits;
    private volatile String failure;

    Outbox(ActorRef<Wire.Message> target, int slot, String targetName, int chunkSize, int window,
           Duration ackTimeout) {
        this.target = target;
        this.slot = slot;
        this.targetName = targetName;
        this.chunkSize = chunkSize;
        this.window = window;
        this.ackTimeout = ackTimeout;
        this.credits = new Semaphore(window);
    }

    synchronized void send(byte[] frame) {
        checkAlive();
        if (frame.length <= chunkSize) {
            target.tell(new Wire.Frame(slot, frame));
            return;
        }
        long stream = STREAMS.incrementAndGet();
        int count = Chunks.count(frame.length, chunkSize);
        for (int seq = 0; seq < count; seq++) {
            acquireCredit(seq, count);
            target.tell(new Wire.Chunk(slot, stream, seq, frame.length, Chunks.part(frame, seq, chunkSize)));
        }
    }

    private void acquireCredit(int seq, int count) {
        try {
            if (!credits.tryAcquire(ackTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new PoolException("no acknowledgement from " + targetName + " within " + ackTimeout
                        + " while sending chunk " + seq + " of " + count + " (poolkit.akka.cluster.ack-timeout)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PoolException("interrupted while sending a large message to " + targetName, e);
        }
        checkAlive();
    }

    private void checkAlive() {
        if (failure != null) {
            throw new WorkerLostException(slot, targetName + " is gone: " + failure);
        }
    }

    /** The receiver acknowledged one chunk. */
    void acknowledged() {
        credits.release();
    }

    /** The receiver is gone: wake and fail every sender. */
    void fail(String reason) {
        failure = reason;
        credits.release(window);
    }
}
