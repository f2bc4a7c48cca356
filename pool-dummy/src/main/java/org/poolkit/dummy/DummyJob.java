package org.poolkit.dummy;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;

import org.poolkit.runtime.ErrorInfo;
import org.poolkit.runtime.WorkerRuntime;

/**
 * One job of a {@link DummyWorker}: an {@code apply}, or a batch of {@code map} items. The worker writes the outcome
 * (value or error, the time it took) before {@link #done} opens, so that a caller that saw it open reads the
 * outcome; what a caller reads while the job runs ({@link #item}, {@link #startedAt}) is for messages.
 *
 * @param <V> its value's type
 */
final class DummyJob<V> {

    /** What a job does on the worker thread. */
    @FunctionalInterface
    interface Body<V> {
        V run(DummyJob<V> job, WorkerRuntime runtime) throws Exception;
    }

    /** What it is, for messages: {@code "apply"}, {@code "map of 1000 items"}. */
    final String what;
    private final Body<V> body;
    final CountDownLatch done = new CountDownLatch(1);
    /** Set by a caller that no longer waits: not started, or (a map batch) stopped at the next item. */
    volatile boolean cancelled;
    /**
     * The map item being computed, or -1: written by the worker and read by callers without synchronization,
     * a cheap plain store per item; a caller's message may name an item a little behind the one running.
     */
    int item = -1;
    volatile long startedNanos;
    volatile Instant startedAt;
    private long elapsedNanos;
    V value;
    ErrorInfo error;
    int failedItem = -1;
    boolean skipped;

    DummyJob(String what, Body<V> body) {
        this.what = what;
        this.body = body;
    }

    void start() {
        startedAt = Instant.now();
        startedNanos = System.nanoTime();
    }

    /** Runs the body on the worker thread; whatever it throws, fatal errors included, becomes the outcome. */
    void run(WorkerRuntime runtime) {
        try {
            value = body.run(this, runtime);
        } catch (Throwable e) {
            failedItem = item;
            error = ErrorInfo.of(e);
        } finally {
            elapsedNanos = System.nanoTime() - startedNanos;
            done.countDown();
        }
    }

    void skip() {
        skipped = true;
        done.countDown();
    }

    void cancel() {
        cancelled = true;
    }

    boolean isStarted() {
        return startedAt != null;
    }

    boolean isDone() {
        return done.getCount() == 0;
    }

    /**
     * Returns how long the job ran; read only once it is done.
     *
     * @return the nanoseconds
     */
    long elapsedNanos() {
        return elapsedNanos;
    }

    /** What it is and, for a map batch that started, the item it is at. */
    String describe() {
        int at = item;
        return at < 0 ? what : what + " (at item " + at + ")";
    }
}
