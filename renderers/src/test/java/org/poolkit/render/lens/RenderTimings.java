package org.poolkit.render.lens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;
import org.poolkit.render.ProgressListener;

/**
 * Times the shipped example scene ({@code scenes/cluster.json}, 1024², all quantities) on every installed pool with
 * both kernels, in one JVM run: pool start-up, then one warm-up render of a 128² version, then the timed render.
 * Prints a Markdown table with each time as a ratio to {@code dummy} with the JVM kernel (the serial baseline).
 *
 * <pre>
 * ./mvnw -q install -DskipTests
 * ./mvnw -q -pl renderers exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *     -Dexec.args="-cp %classpath org.poolkit.render.lens.RenderTimings"
 * </pre>
 */
public final class RenderTimings {

    private RenderTimings() {
    }

    /**
     * Runs the timings.
     *
     * @param args optional pool specs (default: dummy, akka:workers=2, akka-cluster:workers=2, mpi:np=3)
     * @throws Exception if a render fails
     */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 && args[0].endsWith(".json") ? args[0] : "scenes/cluster.json");
        Scene scene = SceneReader.read(file);
        Grid g = scene.grid();
        Scene small = scene.withGrid(new Grid(g.xminArcsec(), g.xmaxArcsec(), g.yminArcsec(), g.ymaxArcsec(), 128,
                128));
        List<String> specs = new ArrayList<>(List.of("dummy", "akka:workers=2", "akka-cluster:workers=2"));
        if (WorkerPools.available().contains("mpi")) {
            specs.add("mpi:np=3");
        }
        System.out.printf("scene %s: %dx%d, %d leaf lenses, all %d quantities; %d processors%n", file, g.nx(), g.ny(),
                LensPlane.of(scene).leafCount(), Quantity.values().length, Runtime.getRuntime().availableProcessors());
        System.out.println("| pool | workers | kernel | pool start | render 1024² | × dummy/jvm |");
        System.out.println("|---|---|---|---|---|---|");
        double baseline = Double.NaN;
        for (String spec : specs) {
            long t0 = System.nanoTime();
            try (WorkerPool pool = WorkerPools.create(spec)) {
                double start = (System.nanoTime() - t0) / 1e9;
                for (Kernel kernel : Kernel.values()) {
                    LensRenderer.render(pool, small, kernel, EnumSet.allOf(Quantity.class), ProgressListener.NONE);
                    long t1 = System.nanoTime();
                    LensRenderer.render(pool, scene, kernel, EnumSet.allOf(Quantity.class), ProgressListener.NONE);
                    double seconds = (System.nanoTime() - t1) / 1e9;
                    if (Double.isNaN(baseline)) {
                        baseline = seconds;
                    }
                    System.out.printf(Locale.ROOT, "| `%s` | %d | %s | %.2f s | %.2f s | %.2f |%n", spec, pool.size(),
                            kernel.name().toLowerCase(Locale.ROOT), start, seconds, seconds / baseline);
                }
            }
        }
        if (Files.exists(Path.of("/proc/cpuinfo"))) {
            Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .ifPresent(System.out::println);
        }
    }
}
