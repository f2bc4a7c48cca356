/**
 * The {@code dummy} pool: the serial, in-process reference implementation of
 * {@link org.poolkit.api.WorkerPool}, and a debugging aid.
 *
 * <p>It has one worker (index 0): a daemon thread of the pool that runs every function, one call at a time, in the
 * order the calls came; a breakpoint in a function stops that thread. It checks what a real pool checks (functions
 * and pushed objects must serialize; handles must be live and belong to the pool), deep-copies pushed and
 * scattered objects except {@link org.poolkit.api.Immutable} ones, which it shares, and reports errors as the other
 * pools do: anything a function throws, a fatal error included, reaches the caller as a
 * {@link org.poolkit.api.WorkerException} naming the item, and the pool stays usable. {@code map} calls its sink on
 * the caller's thread, once per item, in order, while the worker computes the next batch.
 *
 * <p><b>Bounded waits.</b> A call waits at most {@code call-timeout} (spec key, or {@code poolkit.call-timeout})
 * and then throws a {@link org.poolkit.api.PoolTimeoutException}; the function still running is interrupted once.
 * Until it returns, the worker is stuck: every call fails at once with a {@link org.poolkit.api.PoolException}
 * naming the call it is stuck in and since when; when it returns, the pool is usable again. {@code close()} from
 * another thread ends a waiting call with an {@link IllegalStateException} ({@code "pool is closed ..."}) within
 * about 100 ms, interrupts a running function and waits at most 2 s for it, and does not wait for a stuck one: that
 * daemon thread is left behind with a warning that names it, and does not keep the JVM alive.
 *
 * <p>Thread-safety: calls from several threads are safe.
 *
 * @since 0.1
 */
package org.poolkit.dummy;
