/**
 * What a pool backend implements: a {@link org.poolkit.spi.WorkerPoolProvider} (found by {@link
 * java.util.ServiceLoader} through a constant id, with its {@link org.poolkit.spi.PoolSpec} keys), and, for a
 * backend that moves messages, a {@link org.poolkit.spi.Link}: its number of slots, starting workers, sending one
 * message to a slot, broadcasting one message, scattering messages, and reporting replies, lost workers and
 * replacements. The shared runtime ({@code org.poolkit.runtime}) does everything else. A {@link
 * org.poolkit.spi.WorkerSetup} is what a worker needs to start. Small support for links that split frames or start
 * processes is in {@code org.poolkit.support}.
 *
 * <p>Thread-safety: providers are stateless; a link's {@code send}, {@code broadcast} and {@code scatter} are
 * thread-safe.
 *
 * @since 0.1
 */
package org.poolkit.spi;
