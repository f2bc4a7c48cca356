/**
 * The poolkit user API: hand work to a pool of workers through one small interface and change the pool with one
 * line of configuration.
 *
 * <pre>{@code
 * try (WorkerPool pool = WorkerPools.fromConfig()) {            // or WorkerPools.create("loopback:workers=4")
 *     RemoteObject<double[]> table = pool.push(bigTable);        // every worker gets its own copy, once
 *     List<Double> sums = pool.map(i -> table.get()[i] * 2, indices);
 * }
 * }</pre>
 *
 * <p>{@link org.poolkit.api.WorkerPool} is the contract; {@link org.poolkit.api.WorkerPools} creates pools by name
 * ({@code dummy}, {@code loopback}, and the backends on the class path); functions are
 * {@link org.poolkit.api.WorkerFunction} (once per worker) and {@link org.poolkit.api.RemoteFunction} (per item);
 * {@link org.poolkit.api.RemoteObject} handles reach the workers' copies of pushed objects.
 *
 * <p>Thread-safety: pools and handles are thread-safe; a {@link org.poolkit.api.WorkerContext} belongs to the
 * worker thread running the function; a {@link org.poolkit.api.ResultSink} is called on the thread that called
 * {@code map}.
 *
 * @since 0.1
 */
package org.poolkit.api;
