package org.poolkit.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;
import org.poolkit.render.ProgressListener;
import org.poolkit.render.lens.Kernel;
import org.poolkit.render.lens.LensMaps;
import org.poolkit.render.lens.LensRenderer;
import org.poolkit.render.lens.Quantity;
import org.poolkit.render.lens.Scene;
import org.poolkit.render.lens.SceneReader;
import org.poolkit.render.output.FitsWriter;
import org.poolkit.render.output.PngWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code poolkit render}: renders a lens scene on a pool and writes FITS files and PNG previews. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Renders a gravitational-lens scene (JSON or HOCON) on a pool and writes one FITS file and one"
                + " PNG preview per quantity into the output folder.")
final class RenderCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENE", description = "The scene file (.json or .conf).")
    private Path sceneFile;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The output folder (created).")
    private Path out;

    @Option(names = "--pool", paramLabel = "SPEC",
            description = "The pool, e.g. dummy, akka:workers=4, akka-cluster:workers=2, mpi:np=3 (see 'poolkit pools')."
                    + " Default: the configured pool (poolkit.pool), else the highest-priority one.")
    private String pool;

    @Option(names = "--kernel", paramLabel = "KERNEL", defaultValue = "jvm",
            description = "jvm (double precision) or opencl (single precision, the workers' OpenCL devices). "
                    + "Default: ${DEFAULT-VALUE}.")
    private String kernel;

    @Option(names = "--quantities", split = ",", paramLabel = "Q",
            description = "What to write, comma-separated: alpha_x, alpha_y, axx, ayy, axy, potential, density, kappa,"
                    + " invmag, image. Default: all (image only when the scene has a source).")
    private List<String> quantities;

    @Option(names = "--no-png", description = "Write FITS files only.")
    private boolean noPng;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    private boolean noProgress;

    @Override
    public Integer call() throws Exception {
        Scene scene;
        Set<Quantity> wanted;
        Kernel chosenKernel;
        try {
            scene = SceneReader.read(sceneFile);
            chosenKernel = Kernel.byName(kernel);
            wanted = quantities(scene);
            LensRenderer.checkQuantities(scene, wanted);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        // the critical curves on the kappa and image previews need invmag
        Set<Quantity> rendered = EnumSet.copyOf(wanted);
        if (!noPng && (wanted.contains(Quantity.KAPPA) || wanted.contains(Quantity.IMAGE))) {
            rendered.add(Quantity.INVMAG);
        }
        long start = System.nanoTime();
        LensMaps maps;
        String poolName;
        try (WorkerPool workers = pool == null ? WorkerPools.fromConfig() : WorkerPools.create(pool)) {
            poolName = workers.toString();
            try (ConsoleProgress progress = noProgress ? null : new ConsoleProgress("render")) {
                maps = LensRenderer.render(workers, scene, chosenKernel, rendered,
                        progress == null ? ProgressListener.NONE : progress);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        List<Path> files = new ArrayList<>(FitsWriter.write(only(maps, wanted), out));
        if (!noPng) {
            files.addAll(PngWriter.write(maps, out, wanted));
        }
        var stdout = spec.commandLine().getOut();
        stdout.printf("rendered %dx%d pixels, %d lenses, kernel %s, on %s in %.3f s%n", scene.grid().nx(),
                scene.grid().ny(), scene.leafCount(),
                chosenKernel.name().toLowerCase(java.util.Locale.ROOT), poolName, took.toNanos() / 1e9);
        for (Path file : files) {
            stdout.println("wrote " + file);
        }
        stdout.flush();
        return 0;
    }

    private Set<Quantity> quantities(Scene scene) {
        Set<Quantity> set = EnumSet.noneOf(Quantity.class);
        if (quantities == null || quantities.isEmpty()) {
            set.addAll(EnumSet.allOf(Quantity.class));
            if (scene.source() == null) {
                set.remove(Quantity.IMAGE);
            }
            return set;
        }
        for (String name : quantities) {
            set.add(Quantity.byName(name));
        }
        return set;
    }

    private static LensMaps only(LensMaps maps, Set<Quantity> wanted) {
        var kept = new java.util.EnumMap<Quantity, double[]>(Quantity.class);
        for (Quantity q : wanted) {
            kept.put(q, maps.get(q));
        }
        return new LensMaps(maps.grid(), kept);
    }
}
