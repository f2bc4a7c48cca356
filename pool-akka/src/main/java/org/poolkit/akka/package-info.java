/**
 * The actor pools, on Akka Typed 2.6 (Akka stays inside this module). Each is a link under the one runtime
 * ({@link org.poolkit.runtime.RuntimePool}): this package says how messages move to the worker in each slot; the
 * runtime owns commands, handles, scheduling and liveness.
 *
 * <ul>
 *   <li>{@code akka} / {@code akka:workers=N}: a worker actor in each slot, in this JVM, one thread each — the
 *       multicore default. The link passes the runtime's command and reply objects as they are; each worker decodes
 *       its own copy of a function, as on a cluster. A fatal error in a function ends only its worker, which a new actor
 *       replaces; a function that never returns is left behind by {@code close()} on a daemon thread.</li>
 *   <li>{@code akka-cluster:workers=N}: N worker JVMs started on this machine with the caller's class path, joined
 *       to the caller (the seed) through Akka Cluster on 127.0.0.1, one per slot. The link moves the runtime's
 *       frames as opaque bytes, chunked above {@code poolkit.akka.cluster.chunk-size} with acknowledgements, so
 *       payloads of any size arrive. A worker that dies is detected (process exit, failure detector) and reported
 *       lost once, with its pid, exit code and log file; with {@code replace=true} a new JVM takes its slot, and the runtime gives it every live object
 *       again.</li>
 *   <li>{@code akka-cluster:workers=N,launch=false,host=H,port=P}: the caller binds H:P and waits for N workers
 *       started elsewhere with {@link org.poolkit.akka.AkkaWorker}; TLS with mutual authentication through
 *       {@code poolkit.akka.cluster.tls}.</li>
 * </ul>
 *
 * <p>Thread-safety: the providers are stateless; the pools are thread-safe (see
 * {@link org.poolkit.runtime.RuntimePool}). Each actor's state is used by its own thread only.
 *
 * @since 0.1
 */
package org.poolkit.akka;
