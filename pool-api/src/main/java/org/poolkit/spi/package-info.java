/**
 * The service-provider interface that pool backends share, so that a backend only moves bytes.
 *
 * <p>A backend registers a {@link org.poolkit.spi.WorkerPoolProvider} (ServiceLoader, constant id) and implements
 * a {@link org.poolkit.spi.Transport}: start workers, deliver {@link org.poolkit.spi.Command}s in order per worker,
 * report {@link org.poolkit.spi.Reply replies} and lost workers. {@link org.poolkit.spi.RuntimePool} does the rest
 * on the caller (handles and reference counts in {@link org.poolkit.spi.HandleRegistry}, adaptive batching and
 * dynamic dispatch of {@code map}, error capture, bounded waits) and {@link org.poolkit.spi.WorkerRuntime} on each
 * worker (object store, function execution, {@link org.poolkit.api.WorkerContext}). {@link org.poolkit.spi.Codec}
 * is the one Kryo serializer, with an allow-list for what it decodes; {@link org.poolkit.spi.Frames} is the byte
 * form of messages for transports between processes.
 *
 * <p>The built-in {@code loopback} pool ({@link org.poolkit.spi.LoopbackPoolProvider}) runs this runtime over
 * threads that exchange bytes only, and proves it without a network.
 *
 * <p>Thread-safety: providers, {@code RuntimePool}, {@code HandleRegistry}, {@code Codec} and {@code ObjectStore}
 * are thread-safe; a {@code WorkerRuntime} is driven by one thread at a time; a {@code Transport}'s {@code send}
 * must be thread-safe.
 *
 * @since 0.1
 */
package org.poolkit.spi;
