/**
 * Gravitational-lens and mass-density renderers (thin lens, GRALE's conventions), on any pool, with a JVM or an
 * OpenCL kernel.
 *
 * <h2>Scenes</h2>
 * A {@link org.poolkit.render.lens.Scene} holds the angular diameter distances Dd, Ds, Dds, the lenses, the output
 * {@link org.poolkit.render.lens.Grid} (corners included, row-major, x inner) and an optional Gaussian source. Read one
 * from JSON or HOCON with {@link org.poolkit.render.lens.SceneReader}; an invalid field is a
 * {@link org.poolkit.render.lens.SceneException} naming its path ({@code lenses[2].mass_Msun}). Lens models (their
 * closed forms are in each type's documentation): {@link org.poolkit.render.lens.PointMassLens},
 * {@link org.poolkit.render.lens.SisLens}, {@link org.poolkit.render.lens.PlummerLens},
 * {@link org.poolkit.render.lens.NsieLens} (as GRALE's {@code NSIELens}) and
 * {@link org.poolkit.render.lens.CompositeLens} (sub-lenses shifted, rotated and scaled, nested at will), each
 * placed with a {@link org.poolkit.render.lens.PlacedLens}.
 *
 * <h2>Rendering</h2>
 * <pre>{@code
 * Scene scene = SceneReader.read(Path.of("renderers/scenes/cluster.json"));
 * try (WorkerPool pool = WorkerPools.fromConfig()) {
 *     LensMaps maps = LensRenderer.render(pool, scene, Kernel.JVM, EnumSet.allOf(Quantity.class),
 *             ProgressListener.NONE);
 *     double[] kappa = maps.get(Quantity.KAPPA);
 * }
 * }</pre>
 * {@link org.poolkit.render.lens.Quantity} lists what is computed per grid point: α̂ (arcsec), its derivatives, the
 * potential ψ = (Dds/Ds)ψ̂ (arcsec², up to a constant), Σ (kg/m²), κ = Σ/Σcr, the inverse magnification and the lensed
 * image of the source by ray shooting. Asking for {@code density} and {@code kappa} alone is the mass-density
 * renderer.
 *
 * <h2>Kernels</h2>
 * {@link org.poolkit.render.lens.Kernel#JVM} works in double precision and gives bit-identical maps on every pool and
 * worker count. {@link org.poolkit.render.lens.Kernel#OPENCL} runs each worker's tiles on its own OpenCL device
 * (device {@code workerIndex mod devices}) in single precision with coordinates rescaled by a lens scale; it agrees
 * with the JVM kernel to 1e-5 of the largest |α̂|. Without an OpenCL loader or platform it fails at once with an
 * {@link org.poolkit.render.lens.OpenClUnavailableException} saying what to install.
 *
 * <p>Thread safety: scenes, lens models and {@link org.poolkit.render.lens.LensPlane} are immutable;
 * {@link org.poolkit.render.lens.LensMaps} wraps mutable arrays and is not synchronized.
 */
package org.poolkit.render.lens;
