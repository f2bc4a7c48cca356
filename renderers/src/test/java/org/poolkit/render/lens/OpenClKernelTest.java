package org.poolkit.render.lens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolkit.render.lens.Physics.SOLAR_MASS_KG;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;
import org.poolkit.render.ProgressListener;
import org.poolkit.render.Tile;
import org.poolkit.render.Tiles;

/**
 * {@link OpenClKernel} (single precision on an OpenCL device) against {@link JvmKernel} (double precision) on the same
 * tiles. Every deviation is measured relative to the largest |value| of the whole map (for the deflection: the
 * largest |α̂| over both components; for the image: absolute, its peak is 1). Tolerances, and the largest deviation
 * measured over these scenes on PoCL 3.1's CPU device:
 * <ul>
 *   <li>alpha_x, alpha_y: {@value #ALPHA_TOLERANCE}, the promise of {@link Kernel#OPENCL} (measured 2.6e-7);</li>
 *   <li>potential: {@value #POTENTIAL_TOLERANCE} (measured 2.6e-7);</li>
 *   <li>axx, ayy, axy, density, kappa, invmag: {@value #DERIVATIVE_TOLERANCE} (measured 3.5e-7), looser than α̂
 *       because they go as 1/r³, 1/d², 1/r⁴ where α̂ goes as 1/r, so a relative error in the offset θ − θ_lens
 *       comes out two to three times larger, and because other devices may use the OpenCL specification's latitude
 *       for single precision (division 2.5 ulp, sqrt 3 ulp, atan and atanh 5 ulp);</li>
 *   <li>image: {@value #IMAGE_TOLERANCE} absolute (measured 1.8e-6): the brightness error is about
 *       |Δβ|·|β − β0|/σ², so it grows with the ratio of α̂ to the source width σ rather than with α̂ alone.</li>
 * </ul>
 * The deviations stay this small, even a fraction of a pixel from a point mass and with hundreds of leaves, because
 * the kernel forms θ − θ_lens from hi/lo float pairs and sums the leaves with compensation (see {@link OpenClPlane}
 * and {@code lens.cl}); plain floats gave 1.4e-5 on axx in the nested-composite scene and 3e-6 on α̂ with 3000
 * Plummers. The grids avoid landing exactly on a point mass or SIS centre (where both kernels give inf/NaN). Needs an
 * OpenCL device (PoCL's CPU device is enough, and the test command installs it); without one the tests fail with
 * the message of {@link OpenClUnavailableException}, never skip.
 */
class OpenClKernelTest {

    private static final double ALPHA_TOLERANCE = 1e-5;
    private static final double DERIVATIVE_TOLERANCE = 3e-5;
    private static final double POTENTIAL_TOLERANCE = 1e-5;
    private static final double IMAGE_TOLERANCE = 1e-4;

    private static final Distances D = Distances.ofMpc(1000, 1700, 1100);

    @BeforeAll
    static void needsOpenCl() {
        // not a skip: the test command installs PoCL, so a missing OpenCL device here is a broken machine
        OpenClKernel.checkAvailable();
    }

    @AfterAll
    static void releaseSessions() {
        OpenClKernel.releaseAll();
    }

    private static boolean[] all() {
        boolean[] wanted = new boolean[Quantity.COUNT];
        Arrays.fill(wanted, true);
        return wanted;
    }

    private static LensPlane plane(Grid grid, GaussianSource source, PlacedLens... lenses) {
        return LensPlane.of(new Scene(D, List.of(lenses), grid, source));
    }

    /**
     * Renders every tile of the plane's grid with both kernels and returns, per quantity, the largest deviation
     * divided by the map's largest |value| (for alpha: over both components; for image: absolute).
     */
    private static double[] deviations(LensPlane plane, int tileSize) {
        Grid grid = plane.grid();
        double[] maxAbs = new double[Quantity.COUNT];
        double[] maxDev = new double[Quantity.COUNT];
        for (Tile tile : Tiles.hilbertOrder(grid.nx(), grid.ny(), tileSize)) {
            double[][] jvm = JvmKernel.INSTANCE.render(plane, tile, all());
            double[][] ocl = OpenClKernel.INSTANCE.render(plane, tile, all());
            for (int q = 0; q < Quantity.COUNT; q++) {
                assertEquals(tile.pixels(), ocl[q].length, Quantity.values()[q] + " length");
                for (int p = 0; p < tile.pixels(); p++) {
                    assertTrue(Double.isFinite(jvm[q][p]), () -> "the JVM value must be finite; pick another grid");
                    assertTrue(Double.isFinite(ocl[q][p]), Quantity.values()[q] + " not finite at tile "
                            + tile + " pixel " + p);
                    maxAbs[q] = Math.max(maxAbs[q], Math.abs(jvm[q][p]));
                    maxDev[q] = Math.max(maxDev[q], Math.abs(ocl[q][p] - jvm[q][p]));
                }
            }
        }
        double alphaMax = Math.max(maxAbs[0], maxAbs[1]);
        maxAbs[0] = alphaMax;
        maxAbs[1] = alphaMax;
        maxAbs[Quantity.IMAGE.ordinal()] = 1;
        double[] relative = new double[Quantity.COUNT];
        for (int q = 0; q < Quantity.COUNT; q++) {
            relative[q] = maxAbs[q] == 0 ? maxDev[q] : maxDev[q] / maxAbs[q];
        }
        return relative;
    }

    /** Asserts the deviations and prints them (the figures quoted in the class comment). */
    private static void assertClose(String scene, double[] relative) {
        StringBuilder line = new StringBuilder(scene).append(':');
        for (Quantity q : Quantity.values()) {
            line.append(String.format(Locale.ROOT, " %s=%.2e", q, relative[q.ordinal()]));
        }
        System.out.println(line);
        for (Quantity q : Quantity.values()) {
            double tolerance = switch (q) {
                case ALPHA_X, ALPHA_Y -> ALPHA_TOLERANCE;
                case POTENTIAL -> POTENTIAL_TOLERANCE;
                case IMAGE -> IMAGE_TOLERANCE;
                default -> DERIVATIVE_TOLERANCE;
            };
            double got = relative[q.ordinal()];
            assertTrue(got <= tolerance, () -> scene + ": " + q + " deviates by " + got
                    + " of the map's largest |value|, allowed " + tolerance);
        }
    }

    @Test
    void render_pointMass_matchesJvm() {
        LensPlane plane = plane(new Grid(-10, 10, -10, 10, 101, 101), new GaussianSource(0.5, 0.2, 0.3),
                PlacedLens.at(new PointMassLens(1e12 * SOLAR_MASS_KG), 0.31, -0.17));
        assertClose("point mass", deviations(plane, 64));
    }

    @Test
    void render_pointMassNearPixel_matchesJvm() {
        // 0.0003 arcsec (1/700 of a pixel, 3e-5 of the lens scale) from the pixel (0.2, -0.2)
        LensPlane plane = plane(new Grid(-10, 10, -10, 10, 101, 101), new GaussianSource(0.5, 0.2, 0.3),
                PlacedLens.at(new PointMassLens(1e12 * SOLAR_MASS_KG), 0.2003, -0.1998));
        assertClose("point mass near a pixel", deviations(plane, 64));
    }

    @Test
    void render_sis_matchesJvm() {
        LensPlane plane = plane(new Grid(-8, 8, -6, 6, 97, 83), new GaussianSource(-0.4, 0.1, 0.5),
                PlacedLens.at(new SisLens(250e3), 0.05, 0.07));
        assertClose("SIS", deviations(plane, 32));
    }

    @Test
    void render_plummer_matchesJvm() {
        LensPlane plane = plane(new Grid(-20, 20, -20, 20, 120, 130), new GaussianSource(1, 1, 1),
                PlacedLens.at(new PlummerLens(1e13 * SOLAR_MASS_KG, 2), 1, -1));
        assertClose("Plummer", deviations(plane, 64));
    }

    @Test
    void render_rotatedNsie_matchesJvm() {
        LensPlane plane = plane(new Grid(-15, 15, -15, 15, 128, 128), new GaussianSource(0.3, -0.2, 0.4),
                new PlacedLens(new NsieLens(300e3, 0.7, 0.5), 0.5, 0.2, 30, 1));
        assertClose("NSIE", deviations(plane, 64));
    }

    @Test
    void render_nestedRotatedComposite_matchesJvm() {
        CompositeLens inner = new CompositeLens(List.of(
                PlacedLens.at(new PointMassLens(2e11 * SOLAR_MASS_KG), 1.13, 0.41),
                new PlacedLens(new NsieLens(200e3, 0.5, 0.8), -1, 0.5, 70, 0.8)));
        CompositeLens outer = new CompositeLens(List.of(
                PlacedLens.at(new PlummerLens(5e12 * SOLAR_MASS_KG, 1.5), 0, 0),
                new PlacedLens(new SisLens(150e3), 3.07, -2.03, 0, 0.6),
                new PlacedLens(inner, -2, 3, 40, 0.5)));
        LensPlane plane = plane(new Grid(-12, 12, -12, 12, 150, 140), new GaussianSource(0.7, -0.4, 0.6),
                new PlacedLens(outer, 1, 2, 25, 1.2),
                PlacedLens.at(new PlummerLens(1e12 * SOLAR_MASS_KG, 0.7), -6, -5));
        assertClose("nested composite", deviations(plane, 64));
    }

    @Test
    void render_gridFarFromOrigin_matchesJvm() {
        LensPlane plane = plane(new Grid(1000, 1020, -520, -500, 90, 90), new GaussianSource(1010, -510, 0.5),
                PlacedLens.at(new PlummerLens(3e12 * SOLAR_MASS_KG, 0.5), 1010.3, -509.8),
                PlacedLens.at(new PointMassLens(1e11 * SOLAR_MASS_KG), 1004.01, -513.01));
        assertClose("far from origin", deviations(plane, 64));
    }

    /** A galaxy cluster: a few hundred Plummer galaxies and an NSIE halo. */
    private static LensPlane cluster(int galaxies) {
        Random random = new Random(42);
        List<PlacedLens> lenses = new ArrayList<>();
        lenses.add(new PlacedLens(new NsieLens(1000e3, 0.6, 5), 2, -3, 35, 1));
        for (int i = 0; i < galaxies; i++) {
            double mass = (1e11 + 9e11 * random.nextDouble()) * SOLAR_MASS_KG;
            double width = 0.5 + 2.5 * random.nextDouble();
            lenses.add(PlacedLens.at(new PlummerLens(mass, width), 120 * random.nextDouble() - 60,
                    120 * random.nextDouble() - 60));
        }
        return LensPlane.of(new Scene(D, lenses, new Grid(-80, 80, -80, 80, 256, 256),
                new GaussianSource(3, 4, 2)));
    }

    @Test
    void render_cluster_matchesJvm() {
        LensPlane plane = cluster(300);
        assertEquals(301, plane.leafCount());
        assertClose("cluster (300 Plummers + NSIE)", deviations(plane, 64));
        List<Tile> tiles = Tiles.hilbertOrder(256, 256, LensRenderer.TILE_SIZE);
        long jvm = Long.MAX_VALUE;
        long ocl = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            tiles.forEach(tile -> JvmKernel.INSTANCE.render(plane, tile, all()));
            jvm = Math.min(jvm, System.nanoTime() - start);
            start = System.nanoTime();
            tiles.forEach(tile -> OpenClKernel.INSTANCE.render(plane, tile, all()));
            ocl = Math.min(ocl, System.nanoTime() - start);
        }
        System.out.printf(Locale.ROOT, "256x256 cluster, %d tiles, best of 3: JVM kernel %.1f ms, OpenCL kernel %.1f"
                + " ms%n", tiles.size(), jvm / 1e6, ocl / 1e6);
    }

    @Test
    void render_someQuantities_othersNullAndSameValues() {
        LensPlane plane = cluster(20);
        Tile tile = new Tile(0, 64, 128, 50, 30);
        boolean[] wanted = new boolean[Quantity.COUNT];
        wanted[Quantity.DENSITY.ordinal()] = true;
        wanted[Quantity.KAPPA.ordinal()] = true;
        double[][] some = OpenClKernel.INSTANCE.render(plane, tile, wanted);
        double[][] every = OpenClKernel.INSTANCE.render(plane, tile, all());
        for (Quantity q : Quantity.values()) {
            if (wanted[q.ordinal()]) {
                assertNotNull(some[q.ordinal()], q.toString());
                assertTrue(Arrays.equals(every[q.ordinal()], some[q.ordinal()]), q.toString());
            } else {
                assertNull(some[q.ordinal()], q.toString());
            }
        }
        double sigmaCr = D.criticalDensityKgPerM2();
        for (int p = 0; p < tile.pixels(); p++) {
            assertEquals(some[Quantity.KAPPA.ordinal()][p] * sigmaCr, some[Quantity.DENSITY.ordinal()][p],
                    1e-12 * some[Quantity.DENSITY.ordinal()][p]);
        }
    }

    @Test
    void release_thisWorkerAndAll_leaveNoSession() {
        LensPlane plane = cluster(5);
        Tile tile = new Tile(0, 0, 0, 16, 16);
        OpenClKernel.releaseAll();
        OpenClKernel.INSTANCE.render(plane, tile, all());
        assertEquals(1, OpenClKernel.sessionCount());
        assertNull(OpenClKernel.releaseThisWorker());
        assertEquals(0, OpenClKernel.sessionCount());
        assertNull(OpenClKernel.releaseThisWorker());
        OpenClKernel.INSTANCE.render(plane, tile, all());
        assertEquals(1, OpenClKernel.sessionCount());
        OpenClKernel.releaseAll();
        assertEquals(0, OpenClKernel.sessionCount());
    }

    /** Run in a child JVM by {@link #checkAvailable_noPlatform_saysWhatIsMissingAndHowToFix}. */
    static final class CheckInChild {
        public static void main(String[] args) {
            try {
                OpenClKernel.checkAvailable();
                System.out.println("available");
            } catch (OpenClUnavailableException e) {
                System.out.println(e.getMessage());
            }
        }
    }

    @Test
    void checkAvailable_noPlatform_saysWhatIsMissingAndHowToFix(@TempDir Path noVendors) throws Exception {
        // the ICD loaders (ocl-icd, Khronos) read the platform list from OCL_ICD_VENDORS when it is set
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CheckInChild.class.getName()).redirectErrorStream(true);
        builder.environment().put("OCL_ICD_VENDORS", noVendors.toString());
        builder.environment().remove("OCL_ICD_FILENAMES");
        Process child = builder.start();
        String output;
        try (InputStream in = child.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM checking OpenCL did not end within 60 s");
        assertTrue(output.lines().noneMatch("available"::equals), "Debian's ocl-icd loader reads OCL_ICD_VENDORS: "
                + output);
        assertTrue(output.contains("no OpenCL platform"), output);
        assertTrue(output.contains("apt-get install ocl-icd-libopencl1 pocl-opencl-icd"), output);
        assertTrue(output.contains("--kernel jvm"), output);
    }

    @Test
    void render_loopbackPoolOfThree_matchesJvmAndReleases() {
        Scene scene = new Scene(D, List.of(
                new PlacedLens(new NsieLens(600e3, 0.75, 2), 0.4, 0.3, 10, 1),
                PlacedLens.at(new PlummerLens(4e12 * SOLAR_MASS_KG, 1.2), 9.1, -6.3)),
                new Grid(-30, 30, -30, 30, 200, 190), new GaussianSource(1, 0.5, 1));
        OpenClKernel.releaseAll();
        LensMaps ocl;
        LensMaps jvm;
        try (WorkerPool pool = WorkerPools.create("loopback:workers=3")) {
            ocl = LensRenderer.render(pool, scene, Kernel.OPENCL, EnumSet.allOf(Quantity.class),
                    ProgressListener.NONE);
            jvm = LensRenderer.render(pool, scene, Kernel.JVM, EnumSet.allOf(Quantity.class), ProgressListener.NONE);
        }
        assertEquals(0, OpenClKernel.sessionCount(), "sessions left after the render released its workers");
        double alphaMax = 0;
        double alphaDev = 0;
        for (Quantity q : List.of(Quantity.ALPHA_X, Quantity.ALPHA_Y)) {
            double[] a = jvm.get(q);
            double[] b = ocl.get(q);
            for (int p = 0; p < a.length; p++) {
                alphaMax = Math.max(alphaMax, Math.abs(a[p]));
                alphaDev = Math.max(alphaDev, Math.abs(a[p] - b[p]));
            }
        }
        assertTrue(alphaDev <= ALPHA_TOLERANCE * alphaMax, "alpha deviates by " + alphaDev / alphaMax);
    }
}
