package org.poolkit.render.lens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;
import org.poolkit.conformance.LeakCheck;
import org.poolkit.render.ProgressListener;

/**
 * The same scene rendered with the JVM kernel on every pool gives bit-identical maps: the renderer is written once on
 * {@link WorkerPool}, and a pixel's value depends only on the pixel. The reference is {@code dummy}; each map is
 * also checked against {@link LensPlane#evaluate} at sample pixels (tiles land where they belong).
 */
@ExtendWith(LeakCheck.class)
class EveryPoolTest {

    private static final boolean MPI_INSTALLED = Files.exists(Path.of("/usr/share/mpj/lib/mpj.jar"));
    private static Scene scene;
    private static LensMaps reference;

    /** A cluster-like scene: 40 Plummers in a composite, an NSIE, an SIS and a point mass; 200×150 pixels. */
    static Scene scene() {
        Random random = new Random(5);
        List<PlacedLens> galaxies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            galaxies.add(new PlacedLens(new PlummerLens((1 + 4 * random.nextDouble()) * 1e11 * Physics.SOLAR_MASS_KG,
                    0.3 + random.nextDouble()), 15 * random.nextGaussian(), 15 * random.nextGaussian(), 0, 1));
        }
        return new Scene(Distances.ofMpc(1000, 1700, 1100), List.of(
                new PlacedLens(new CompositeLens(galaxies), 0.5, 0.25, 10, 1.2),
                new PlacedLens(new NsieLens(600e3, 0.7, 0.5), 0, 0, 30, 1),
                PlacedLens.at(new SisLens(150e3), 7.3, -4.1),
                PlacedLens.at(new PointMassLens(2e11 * Physics.SOLAR_MASS_KG), -6.05, 5.03)),
                new Grid(-25, 25, -20, 20, 200, 150), new GaussianSource(0.5, 0.2, 0.4));
    }

    @BeforeAll
    static void renderReference() {
        scene = scene();
        try (WorkerPool pool = WorkerPools.create("dummy")) {
            reference = LensRenderer.render(pool, scene, Kernel.JVM, EnumSet.allOf(Quantity.class),
                    ProgressListener.NONE);
        }
    }

    static Stream<String> pools() {
        List<String> specs = new ArrayList<>(List.of("loopback:workers=3", "akka:workers=1", "akka:workers=4",
                "akka-cluster:workers=2"));
        if (MPI_INSTALLED) {
            specs.add("mpi:np=3");
        }
        return specs.stream();
    }

    @Test
    void pools_everyInstalledPoolIsOnTheClassPath() {
        Set<String> available = WorkerPools.available();
        for (String name : List.of("dummy", "loopback", "akka", "akka-cluster")) {
            assertTrue(available.contains(name), name + " missing from " + available);
        }
        assertEquals(MPI_INSTALLED, available.contains("mpi"), "mpi offered exactly where MPJ is installed: "
                + available);
    }

    @Test
    void reference_matchesDirectEvaluationAtSamplePixels() {
        double[] point = new double[Quantity.COUNT];
        LensPlane plane = LensPlane.of(scene);
        Grid g = scene.grid();
        for (int[] p : new int[][] {{0, 0}, {199, 149}, {63, 64}, {64, 63}, {128, 100}, {199, 0}, {0, 149}}) {
            plane.evaluate(g.x(p[0]), g.y(p[1]), point);
            for (Quantity q : Quantity.values()) {
                assertEquals(point[q.ordinal()], reference.value(q, p[0], p[1]), 0, q + " at " + p[0] + "," + p[1]);
            }
        }
        assertEquals(25.0, g.x(199));
        assertEquals(-20.0, g.y(0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pools")
    void render_onPool_bitIdenticalToDummy(String spec) {
        LensMaps maps;
        try (WorkerPool pool = WorkerPools.create(spec)) {
            maps = LensRenderer.render(pool, scene, Kernel.JVM, EnumSet.allOf(Quantity.class), ProgressListener.NONE);
        }
        for (Quantity q : Quantity.values()) {
            assertArrayEquals(reference.get(q), maps.get(q), q + " on " + spec);
        }
    }
}
