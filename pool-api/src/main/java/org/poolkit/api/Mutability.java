package org.poolkit.api;

/**
 * Whether the workers' copies of a pushed or scattered object may change, declared by the caller when it pushes or
 * scatters the object. It decides what a worker that replaces a lost one holds, and whether a loss can be repaired
 * without the caller's help.
 *
 * <p>A function may always change the copy of the worker that runs it ({@link RemoteObject#get()} returns that
 * worker's own copy, and changes persist for later calls); the declaration is the caller's promise about whether it
 * does:
 * <ul>
 *   <li>{@link #READ_ONLY}: the caller's copy is the truth. A worker that replaces a lost one is given the caller's
 *       copy (or its block of a scatter) again before it runs anything, so the object survives any loss that the
 *       pool repairs. Functions must not change it: if one does, a replacement holds the original while the
 *       others hold the change.</li>
 *   <li>{@link #STATEFUL} (the default): the workers' copies may have changed, so the caller's original is no
 *       longer the truth and is never given to a replacement. When a worker holding a copy or a block is lost,
 *       the object's state is gone: every later call that uses the handle fails with a
 *       {@link WorkerLostException} naming the handle, the worker and why it was lost, until the caller restores
 *       it ({@link WorkerPool#restore}, or push or scatter again).</li>
 * </ul>
 *
 * <p>An {@link Immutable} object is always read-only, whatever is declared.
 *
 * @since 0.3
 */
public enum Mutability {

    /** The workers never change their copies: a replacement may be given the caller's copy again. */
    READ_ONLY,

    /** The workers may change their copies: a lost copy is lost state, and calls that use it fail loudly. */
    STATEFUL
}
