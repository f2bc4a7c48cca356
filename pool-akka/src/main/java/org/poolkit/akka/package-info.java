/**
 * The actor pools, on Akka Typed 2.6 (Akka stays inside this module).
 *
 * <ul>
 *   <li>{@code akka} / {@code akka:workers=N}: worker actors in this JVM, one thread each — the multicore default.
 *       Commands and results pass as objects; each worker decodes its own copy of a function, as on a cluster.</li>
 *   <li>{@code akka-cluster:workers=N}: N worker JVMs started on this machine with the caller's class path, joined
 *       to the caller (the seed) through Akka Cluster on 127.0.0.1; commands and results travel as the SPI's Kryo
 *       frames, chunked above {@code poolkit.akka.cluster.chunk-size} with acknowledgements, so payloads of any
 *       size arrive. A worker that dies is detected (process exit, failure detector), its batches go to others,
 *       and with {@code replace=true} a new JVM takes its slot and gets every live object again.</li>
 *   <li>{@code akka-cluster:workers=N,launch=false,host=H,port=P}: the caller binds H:P and waits for N workers
 *       started elsewhere with {@link org.poolkit.akka.AkkaWorker}; TLS with mutual authentication through
 *       {@code poolkit.akka.cluster.tls}.</li>
 * </ul>
 *
 * <p>Thread-safety: the providers are stateless; the pools are thread-safe (see
 * {@link org.poolkit.spi.RuntimePool}).
 *
 * @since 0.1
 */
package org.poolkit.akka;
