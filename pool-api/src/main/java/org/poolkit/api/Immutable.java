package org.poolkit.api;

/**
 * Marks a type whose instances never change after construction.
 *
 * <p>{@link WorkerPool#push} sends an {@code Immutable} object only once while a handle to an equal object
 * (by {@code equals} and {@code hashCode}) is still live; later pushes return handles to the same remote copy.
 * The in-process {@code dummy} pool shares an {@code Immutable} object instead of copying it.
 *
 * @since 0.1
 */
public interface Immutable {
}
