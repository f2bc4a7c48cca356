package org.poolkit.dummy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.poolkit.api.PoolException;
import org.poolkit.api.PoolTimeoutException;
import org.poolkit.api.WorkerException;
import org.poolkit.runtime.WorkerRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one worker of a dummy pool: a daemon thread that runs jobs (an {@code apply}, a batch of {@code map} items)
 * one at a time in the order they were submitted, and the callers' bounded waits for them.
 *
 * <p><b>Failures.</b> Whatever a job's function throws, fatal errors included, is captured on the worker thread
 * and thrown on the caller as a {@link WorkerException}; the thread goes on (it cannot be replaced, and a fatal
 * error of a function is the function's, not the pool's).
 *
 * <p><b>A function that does not return.</b> A caller waits at most the call timeout, then gets a
 * {@link PoolTimeoutException}; the job still running is interrupted once, and the worker is <em>stuck</em> until
 * it returns: every call fails at once with a {@link PoolException} that names the job and since when, and calls
 * waiting behind it fail the same way. When the function returns, the worker is usable again. {@link #stop}
 * never waits for a stuck worker and waits at most {@value #STOP_WAIT_MILLIS} ms for a running one; a thread that
 * does not end is left behind (a daemon, so it does not keep the JVM alive) with a warning that names it.
 *
 * <p>Thread-safe.
 */
final class DummyWorker {

    private static final Logger LOG = LoggerFactory.getLogger(DummyWorker.class);
    /** How often a waiting caller looks whether the pool was closed or the worker got stuck. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How long {@link #stop} waits for a running (not stuck) function to end. */
    static final long STOP_WAIT_MILLIS = 2_000;

    /** Ends the worker's loop; never run. */
    private static final DummyJob<Void> STOP = new DummyJob<>("stop", (job, runtime) -> null);

    private final String poolId;
    private final Duration callTimeout;
    private final BooleanSupplier closed;
    private final WorkerRuntime runtime;
    private final LinkedBlockingQueue<DummyJob<?>> jobs = new LinkedBlockingQueue<>();
    private final Thread thread;
    /** Guards {@link #current} and interrupts of the thread, so that an interrupt reaches only the job meant. */
    private final Object switching = new Object();
    private DummyJob<?> current;
    /** The job that ran past a caller's timeout and has not returned yet, or {@code null}. */
    private volatile DummyJob<?> stuck;

    DummyWorker(String poolId, Duration callTimeout, BooleanSupplier closed, WorkerRuntime runtime) {
        this.poolId = poolId;
        this.callTimeout = callTimeout;
        this.closed = closed;
        this.runtime = runtime;
        this.thread = new Thread(this::serve, "poolkit-" + poolId + "-worker");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Submits a job; it runs after every job submitted before it.
     *
     * @param what what it is, for messages ({@code "apply"}, {@code "map"})
     * @param body what it does
     * @return the job, to {@link #await}
     */
    <V> DummyJob<V> submit(String what, DummyJob.Body<V> body) {
        DummyJob<V> job = new DummyJob<>(what, body);
        jobs.add(job);
        return job;
    }

    /**
     * Waits for a job, at most the call timeout, and returns its value.
     *
     * @param job a submitted job
     * @return its value
     * @throws WorkerException       if its function threw
     * @throws PoolTimeoutException  if it did not end within the call timeout
     * @throws IllegalStateException if the pool was closed meanwhile
     * @throws PoolException         if the worker got stuck in an earlier job, or this thread was interrupted
     */
    <V> V await(DummyJob<V> job) {
        long deadline = System.nanoTime() + callTimeout.toNanos();
        while (!job.isDone()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw timedOut(job);
            }
            try {
                job.done.await(Math.min(left, POLL_NANOS), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                job.cancel();
                Thread.currentThread().interrupt();
                throw new PoolException("interrupted while waiting for " + job.describe() + " on " + poolId, e);
            }
            if (job.isDone()) {
                break;
            }
            if (closed.getAsBoolean()) {
                job.cancel();
                throw new IllegalStateException("pool is closed (closed while waiting for " + job.describe() + ")");
            }
            DummyJob<?> blocking = stuck;
            if (blocking != null && blocking != job && !job.isStarted()) {
                job.cancel();
                throw stuckIn(blocking, job.what);
            }
        }
        if (job.skipped || job.error != null && closed.getAsBoolean()) {
            // a function that failed as close() interrupted it failed because of the close
            throw new IllegalStateException("pool is closed (closed while waiting for " + job.describe() + ")");
        }
        if (job.error != null) {
            throw new WorkerException(0, job.failedItem, job.error.toFailure());
        }
        return job.value;
    }

    /**
     * Fails at once when the worker is stuck.
     *
     * @param what the call about to be made, for the message
     * @throws PoolException naming the job the worker is stuck in
     */
    void checkNotStuck(String what) {
        DummyJob<?> blocking = stuck;
        if (blocking != null) {
            throw stuckIn(blocking, what);
        }
    }

    private PoolTimeoutException timedOut(DummyJob<?> job) {
        job.cancel();
        DummyJob<?> running;
        synchronized (switching) {
            running = current;
            if (running != null) {
                stuck = running;
                thread.interrupt();
            }
        }
        String message = "timed out after " + text(callTimeout) + " (poolkit.call-timeout / spec key call-timeout)"
                + " waiting for " + job.describe() + " on worker 0 of " + poolId;
        if (running == job) {
            message += "; the function is still running and was interrupted: until it returns, every call fails";
        } else if (running != null) {
            message += "; the worker is still in " + running.describe() + " (started " + running.startedAt
                    + ") and was interrupted: until it returns, every call fails";
        }
        return new PoolTimeoutException(message);
    }

    private PoolException stuckIn(DummyJob<?> blocking, String what) {
        return new PoolException(what + " on " + poolId + " cannot run: the pool's one worker is stuck in "
                + blocking.describe() + " since " + blocking.startedAt + " (" + text(Duration.ofNanos(
                System.nanoTime() - blocking.startedNanos)) + " ago), which ran past the call timeout of "
                + text(callTimeout) + " (poolkit.call-timeout / spec key call-timeout). The dummy pool cannot"
                + " replace its worker: calls fail until that function returns; close() does not wait for it");
    }

    /**
     * Ends the worker: jobs not yet started are dropped, a running function is interrupted and awaited at most
     * {@value #STOP_WAIT_MILLIS} ms (not at all when the worker is stuck), and the worker's objects are freed. A
     * thread that does not end is left behind with a warning.
     */
    void stop() {
        List<DummyJob<?>> queued = new ArrayList<>();
        jobs.drainTo(queued);
        queued.forEach(DummyJob::skip);
        jobs.add(STOP);
        DummyJob<?> running;
        synchronized (switching) {
            running = current;
            if (running != null) {
                thread.interrupt();
            }
        }
        DummyJob<?> blocking = stuck;
        if (Thread.currentThread() != thread && blocking == null) {
            try {
                thread.join(STOP_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (thread.isAlive() && Thread.currentThread() != thread) {
            DummyJob<?> still = blocking != null ? blocking : running;
            LOG.warn("{} is closed, but its worker thread '{}' is still in {} (started {}); it is a daemon thread"
                    + " and is left behind: it ends when the function returns, or with the JVM", poolId,
                    thread.getName(), still == null ? "a function" : still.describe(),
                    still == null ? "earlier" : still.startedAt);
            runtime.close();
        }
    }

    private void serve() {
        try {
            while (true) {
                DummyJob<?> job;
                try {
                    job = jobs.take();
                } catch (InterruptedException e) {
                    if (closed.getAsBoolean()) {
                        return;
                    }
                    continue; // an interrupt from outside the pool: the worker goes on
                }
                if (job == STOP) {
                    return;
                }
                if (begin(job)) {
                    job.run(runtime);
                    end(job);
                }
            }
        } finally {
            runtime.close();
        }
    }

    private boolean begin(DummyJob<?> job) {
        synchronized (switching) {
            Thread.interrupted(); // one from outside the pool, meant for no job
            if (job.cancelled || closed.getAsBoolean()) {
                job.skip();
                return false;
            }
            job.start();
            current = job;
            return true;
        }
    }

    private void end(DummyJob<?> job) {
        synchronized (switching) {
            current = null;
            Thread.interrupted(); // an interrupt meant for this job, come as it returned
        }
        if (stuck == job) {
            stuck = null;
            String after = closed.getAsBoolean() ? "the pool is closed, and the thread ends" : "it is usable again";
            LOG.info("{}: the worker returned from {} (started {}), which had run past the call timeout; {}", poolId,
                    job.describe(), job.startedAt, after);
        }
    }

    /** A duration as the settings write it: {@code 5s}, {@code 250ms}. */
    static String text(Duration duration) {
        long millis = duration.toMillis();
        if (millis > 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        } else if (millis > 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "min";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    @Override
    public String toString() {
        return thread.getName();
    }
}
