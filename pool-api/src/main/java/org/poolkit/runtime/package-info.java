/**
 * The shared runtime of every message-passing pool, written once: on the caller, {@link
 * org.poolkit.runtime.RuntimePool} over a backend's {@link org.poolkit.spi.Link}; on each worker, a {@link
 * org.poolkit.runtime.WorkerLoop} around a {@link org.poolkit.runtime.WorkerRuntime}.
 *
 * <p>One {@code map} on the caller: {@code RuntimePool} encodes the function with the pool's one {@link
 * org.poolkit.runtime.Codec} (checking the handles it carries against {@link org.poolkit.runtime.HandleRegistry}),
 * {@code MapRun} hands out batches to the live slots that {@code Membership} names, {@code Channel} turns each
 * command into the link's message through the {@code Format} ({@code Frames} for bytes, {@code ObjectMessages} in
 * one JVM) and routes what comes back to the call by id ({@code Calls}). On the worker, {@code WorkerLoop} decodes
 * the command, runs it on the {@code WorkerRuntime} (object store, context, function) and encodes the reply.
 * See {@code docs/ARCHITECTURE.md}.
 *
 * <p>Public here is only what backends use: {@code RuntimePool} (its factories), {@code RuntimeSettings}, {@code
 * WorkerLoop}, and for the in-process {@code dummy} pool {@code WorkerRuntime}, {@code HandleRegistry}, {@code Codec}
 * and {@code ErrorInfo}. Everything else is package-private. The built-in {@code loopback} pool ({@link
 * org.poolkit.runtime.LoopbackPoolProvider}) runs this runtime over threads that exchange frames only.
 *
 * <p>Thread-safety: {@code RuntimePool}, {@code HandleRegistry} and {@code Codec} are thread-safe; a {@code
 * WorkerLoop} and its {@code WorkerRuntime} are driven by one thread at a time.
 *
 * @since 0.2
 */
package org.poolkit.runtime;
