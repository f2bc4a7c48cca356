/**
 * The MPI pool on MPJ Express (MPJ stays inside this module).
 *
 * <ul>
 *   <li>SPMD: a program started on N ranks (MPJ's multicore starter, or {@link org.poolkit.mpi.MpiRun} for niodev)
 *       calls {@code MPI.Init(args)} and {@code WorkerPools.create("mpi")}: rank 0 gets the pool, ranks 1..N-1
 *       serve until it closes, then finalize and end.</li>
 *   <li>Launched: {@code WorkerPools.create("mpi:np=N")} starts N rank JVMs on loopback (niodev) through
 *       poolkit's own rendezvous; rank 0 is a gateway process this JVM talks to over a socket.</li>
 * </ul>
 *
 * <p>Rank 0 coordinates and does not compute: {@code size()} is the number of ranks minus one. Commands and
 * replies are the SPI's Kryo frames; push and {@code apply} are one broadcast, scatters one {@code Scatterv}, and
 * {@code map} hands batches to whichever rank is free. A dead rank breaks the world (MPI cannot recover): every
 * call fails with {@link org.poolkit.api.WorkerLostException} naming it, and the other ranks exit.
 *
 * <p>Thread-safety: one thread per rank makes every MPI call; the pools are thread-safe (see
 * {@link org.poolkit.spi.RuntimePool}).
 *
 * @since 0.1
 */
package org.poolkit.mpi;
