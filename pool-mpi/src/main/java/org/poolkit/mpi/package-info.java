/**
 * The MPI pool on MPJ Express (MPJ stays inside this module): a {@link org.poolkit.spi.Link} that moves the
 * runtime's frames between MPI ranks, and the ranks that serve them.
 *
 * <ul>
 *   <li>SPMD: a program started on N ranks (MPJ's multicore starter, or {@link org.poolkit.mpi.MpiRun} for niodev)
 *       calls {@code MPI.Init(args)} and {@code WorkerPools.create("mpi")}: rank 0 gets the pool, ranks 1..N-1
 *       serve until it closes, then finalize and end.</li>
 *   <li>Launched: {@code WorkerPools.create("mpi:np=N")} starts N rank JVMs on loopback (niodev) through
 *       poolkit's own rendezvous; rank 0 is a gateway process this JVM talks to over a socket.</li>
 * </ul>
 *
 * <p><b>Numbering.</b> A <em>slot</em> is the link's place for a worker ({@code 0..slots()-1}); an MPI
 * <em>rank</em> is a process of the world. Rank 0 coordinates and does not compute; the worker in slot {@code s} is
 * rank {@code s + 1}, so {@code size()} is the number of ranks minus one. The worker index that users see is the
 * runtime's business.
 *
 * <p><b>What moves.</b> Commands and replies are the runtime's frames ({@code org.poolkit.runtime}), opaque to this
 * module: a frame for every slot is one {@code Bcast}, a scatter's frames are one {@code Scatterv}, anything else is
 * point-to-point, in parts when it is larger than {@code poolkit.mpi.max-message}. Each worker rank runs one
 * {@link org.poolkit.runtime.WorkerLoop} per pool. A dead rank breaks the world (MPI cannot recover): every slot is
 * reported lost, every call fails with {@link org.poolkit.api.WorkerLostException} naming the rank, and the other
 * ranks exit. A worker rank whose worker hits a fatal error ends, so that rank 0 sees the loss.
 *
 * <p>Thread-safety: one thread per rank makes every MPI call; the pools are thread-safe (see
 * {@link org.poolkit.runtime.RuntimePool}).
 *
 * @since 0.1
 */
package org.poolkit.mpi;
