/**
 * The {@code dummy} pool: the serial, in-process reference implementation of
 * {@link org.poolkit.api.WorkerPool}, and a debugging aid.
 *
 * <p>It has one worker (index 0) and runs every function on the caller's thread, so a debugger steps straight
 * into your function and a stack trace shows your call. It checks what a real pool checks (functions and pushed
 * objects must serialize; handles must be live and belong to the pool), deep-copies pushed objects except
 * {@link org.poolkit.api.Immutable} ones, which it shares, and reports errors as the other pools do.
 *
 * <p>Thread-safety: calls from several threads are serialized.
 *
 * @since 0.1
 */
package org.poolkit.dummy;
