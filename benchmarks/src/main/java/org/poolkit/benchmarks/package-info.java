/**
 * Benchmarks: JMH microbenchmarks and the side-by-side harness.
 *
 * <p>JMH ({@code benchmarks/target/microbenchmarks.jar}, JMH's own main): {@link org.poolkit.benchmarks.ApplyBenchmark}
 * (round trip), {@link org.poolkit.benchmarks.MapBenchmark} (no-op items, 10³–10⁶),
 * {@link org.poolkit.benchmarks.TransferBenchmark} ({@code push} and {@code scatterArray} of 1–100 MB) and
 * {@link org.poolkit.benchmarks.KernelBenchmark} (the lens kernel per pixel·lens). Backends are the
 * {@link org.poolkit.benchmarks.Backend} enum, a plain {@code ForkJoinPool} baseline among them; each benchmark's
 * documentation has the command that runs it.
 *
 * <p>The harness ({@link org.poolkit.benchmarks.Harness}, one command) measures every available pool against the
 * baseline, Dask and mpi4py (from Debian's Python), the JVM kernel against the same formula in C, and render scaling
 * on 1 and 2 workers with both kernels, and writes {@code results.md}, {@code results.csv} and PNG plots. Absent pools
 * and peers are reported as absent.
 *
 * <p>Thread safety: benchmark states are used by one JMH thread; the harness runs on one thread.
 */
package org.poolkit.benchmarks;
