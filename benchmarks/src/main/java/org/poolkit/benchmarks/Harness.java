package org.poolkit.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;
import org.poolkit.render.ProgressListener;
import org.poolkit.render.lens.Kernel;
import org.poolkit.render.lens.LensPlane;
import org.poolkit.render.lens.LensRenderer;
import org.poolkit.render.lens.OpenClUnavailableException;
import org.poolkit.render.lens.Quantity;
import org.poolkit.render.lens.Scene;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The side-by-side harness: every available pool against a plain {@code ForkJoinPool}, Dask and mpi4py (per-item
 * overhead, round trip, bandwidth), the JVM lens kernel against the same formula in C, and render scaling on 1 and 2
 * workers with both kernels, in one run; writes {@code results.md}, {@code results.csv} and PNG plots.
 *
 * <pre>
 * ./mvnw -q install -DskipTests
 * java -jar benchmarks/target/microbenchmarks.jar … (JMH), or the harness:
 * java -cp benchmarks/target/microbenchmarks.jar org.poolkit.benchmarks.Harness --out benchmarks/results
 * java -cp benchmarks/target/microbenchmarks.jar org.poolkit.benchmarks.Harness --quick --out target/bench
 * </pre>
 *
 * @since 0.1
 */
@Command(name = "harness", mixinStandardHelpOptions = true,
        description = "Measures every available pool side by side with a ForkJoinPool baseline, Dask, mpi4py and a C"
                + " kernel, and writes a Markdown table, a CSV and PNG plots.")
public final class Harness implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "benchmarks/results", description = "Output folder (default ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--quick", description = "Small sizes and few repeats: a smoke run of a few minutes.")
    private boolean quick;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python for the peers.")
    private String python;

    @Option(names = "--no-peers", description = "Do not run Dask and mpi4py (they are then reported as skipped).")
    private boolean noPeers;

    private final List<Result> results = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    /**
     * Runs the harness.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        int code = new CommandLine(new Harness()).execute(args);
        System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        Files.createDirectories(out);
        Settings s = quick ? Settings.QUICK : Settings.FULL;
        log("harness: %s mode, output %s", quick ? "quick" : "full", out.toAbsolutePath());
        Map<String, String> machine = Machine.describe();
        for (Backend backend : Backend.values()) {
            if (!backend.available()) {
                notes.add("absent: " + backend.spec() + " (its pool module is not on the class path)");
                continue;
            }
            guard("pool " + backend.spec(), () -> measurePool(backend, s));
        }
        if (noPeers) {
            notes.add("skipped: Dask and mpi4py (--no-peers)");
        } else {
            Peers peers = new Peers(python, s, out);
            guard("peers", () -> results.addAll(peers.run(notes)));
        }
        guard("kernel", () -> measureKernel(s));
        guard("scaling", () -> measureScaling(s));
        List<Result> withRatios = Report.withRatios(results);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        machine.put("harness", (quick ? "--quick" : "full") + " run in " + took.toSeconds() + " s");
        Report.write(out, withRatios, machine, notes, failures);
        log("harness: done in %d s; %d figures, %d notes, %d failures; see %s", took.toSeconds(),
                withRatios.size(), notes.size(), failures.size(), out.resolve("results.md"));
        return failures.isEmpty() ? 0 : 1;
    }

    /** Runs one part; a failure is recorded and the harness goes on. */
    private void guard(String what, ThrowingRunnable part) {
        try {
            part.run();
        } catch (Exception | LinkageError e) {
            String message = what + " failed: " + e;
            failures.add(message);
            log("%s", message);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private void measurePool(Backend backend, Settings s) {
        long t0 = System.nanoTime();
        try (Target target = backend.open()) {
            String who = backend == Backend.FORK_JOIN ? Report.BASELINE : backend.spec();
            log("%s: started in %.2f s, %d worker(s)", who, (System.nanoTime() - t0) / 1e9, target.workers());
            for (int i = 0; i < s.applyRepeats() / 5; i++) {
                target.applyNoop();
            }
            List<Double> apply = new ArrayList<>();
            for (int i = 0; i < s.applyRepeats(); i++) {
                long a = System.nanoTime();
                target.applyNoop();
                apply.add((System.nanoTime() - a) / 1e3);
            }
            results.add(new Result("apply", who, "", "µs", new Sample(apply), Double.NaN, ""));
            List<Integer> warm = items(s.mapSizes().get(Math.min(1, s.mapSizes().size() - 1)));
            for (int i = 0; i < 3; i++) {
                target.mapNoop(warm);
            }
            for (int n : s.mapSizes()) {
                List<Integer> items = items(n);
                List<Double> perItem = new ArrayList<>();
                for (int r = 0; r < s.repeats(); r++) {
                    long a = System.nanoTime();
                    long sum = target.mapNoop(items);
                    perItem.add((double) (System.nanoTime() - a) / n);
                    if (sum != (long) n * (n - 1) / 2) {
                        throw new IllegalStateException(who + ": map of " + n + " items summed to " + sum);
                    }
                }
                results.add(new Result("map", who, Integer.toString(n), "ns/item", new Sample(perItem), Double.NaN,
                        ""));
            }
            for (int mb : s.megabytes()) {
                double[] array = Data.array(mb);
                double[][] rows = Data.rows(mb);
                target.push(array);
                List<Double> push = new ArrayList<>();
                List<Double> scatter = new ArrayList<>();
                for (int r = 0; r < s.repeats(); r++) {
                    long a = System.nanoTime();
                    target.push(array);
                    push.add(mb / ((System.nanoTime() - a) / 1e9));
                    a = System.nanoTime();
                    target.scatter(rows);
                    scatter.add((double) mb / target.workers() / ((System.nanoTime() - a) / 1e9));
                }
                results.add(new Result("push", who, Integer.toString(mb), "MB/s per worker", new Sample(push),
                        Double.NaN, ""));
                results.add(new Result("scatter", who, Integer.toString(mb), "MB/s per worker", new Sample(scatter),
                        Double.NaN, ""));
            }
            log("%s: done", who);
        }
    }

    private static List<Integer> items(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private void measureKernel(Settings s) throws Exception {
        Scene scene = Scenes.cluster(s.kernelSide());
        LensPlane plane = LensPlane.of(scene);
        double pixelLenses = (double) scene.grid().pixels() * plane.leafCount();
        LensPlane warm = LensPlane.of(Scenes.cluster(128));
        CKernel.javaSums(warm);
        CKernel.javaSums(warm);
        List<Double> jvm = new ArrayList<>();
        double[] expected = null;
        for (int r = 0; r < s.repeats(); r++) {
            long a = System.nanoTime();
            expected = CKernel.javaSums(plane);
            jvm.add((System.nanoTime() - a) * 1.0 / pixelLenses);
        }
        results.add(new Result("kernel", "JVM (double, 1 thread)", s.kernelSide() + "²", "ns/pixel·lens",
                new Sample(jvm), Double.NaN, ""));
        Path work = Files.createDirectories(out.resolve("work"));
        try {
            Path source = CKernel.extractSource(work);
            Path executable = CKernel.build(source, work);
            Path sceneFile = work.resolve("scene.bin");
            CKernel.writeScene(plane, sceneFile);
            CKernel.Output c = CKernel.run(executable, sceneFile, s.repeats(), Duration.ofMinutes(10));
            String agreement = agreement(expected, c.sums());
            List<Double> perPixelLens = new ArrayList<>();
            for (double seconds : c.seconds()) {
                perPixelLens.add(seconds * 1e9 / pixelLenses);
            }
            results.add(new Result("kernel", Report.C_BASELINE, s.kernelSide() + "²", "ns/pixel·lens",
                    new Sample(perPixelLens), Double.NaN, agreement));
        } catch (IllegalStateException e) {
            notes.add("absent: the C kernel (" + e.getMessage().lines().findFirst().orElse("") + ")");
        } finally {
            Host.deleteTree(work);
        }
    }

    private static String agreement(double[] expected, double[] actual) {
        double worst = 0;
        for (int q = 0; q < expected.length; q++) {
            if (Double.isFinite(expected[q])) {
                worst = Math.max(worst, Math.abs(actual[q] - expected[q]) / Math.max(1e-300, Math.abs(expected[q])));
            }
        }
        return String.format(Locale.ROOT, "sums agree with the JVM kernel to %.1e relative", worst);
    }

    private void measureScaling(Settings s) {
        Scene scene = Scenes.cluster(s.renderSide());
        Scene small = Scenes.cluster(128);
        Map<String, List<String>> families = new LinkedHashMap<>();
        families.put("dummy", List.of("dummy"));
        families.put("akka", List.of("akka:workers=1", "akka:workers=2"));
        families.put("akka-cluster", List.of("akka-cluster:workers=1", "akka-cluster:workers=2"));
        families.put("mpi", List.of("mpi:np=2", "mpi:np=3"));
        for (Map.Entry<String, List<String>> family : families.entrySet()) {
            if (!WorkerPools.available().contains(family.getKey())) {
                continue;
            }
            for (String spec : family.getValue()) {
                guard("render on " + spec, () -> {
                    try (WorkerPool pool = WorkerPools.create(Backend.bounded(spec))) {
                        for (Kernel kernel : EnumSet.allOf(Kernel.class)) {
                            renderTimes(pool, spec, kernel, small, scene, s);
                        }
                    }
                });
            }
        }
    }

    private void renderTimes(WorkerPool pool, String spec, Kernel kernel, Scene small, Scene scene, Settings s) {
        String who = spec + " " + kernel.name().toLowerCase(Locale.ROOT);
        try {
            LensRenderer.render(pool, small, kernel, EnumSet.allOf(Quantity.class), ProgressListener.NONE);
        } catch (OpenClUnavailableException e) {
            notes.add("absent: OpenCL on " + spec + " (" + e.getMessage().lines().findFirst().orElse("") + ")");
            return;
        }
        List<Double> seconds = new ArrayList<>();
        for (int r = 0; r < s.renderRepeats(); r++) {
            long a = System.nanoTime();
            LensRenderer.render(pool, scene, kernel, EnumSet.allOf(Quantity.class), ProgressListener.NONE);
            seconds.add((System.nanoTime() - a) / 1e9);
        }
        results.add(new Result("render", who, Integer.toString(pool.size()), "s", new Sample(seconds), Double.NaN,
                s.renderSide() + "², all " + Quantity.COUNT + " quantities"));
        log("render %s on %d worker(s): %.2f s", who, pool.size(), new Sample(seconds).median());
    }

    static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, format + "%n", args);
        System.err.flush();
    }

    /** Sizes and repeats of a run. */
    record Settings(List<Integer> mapSizes, List<Integer> megabytes, int repeats, int applyRepeats, int kernelSide,
                    int renderSide, int renderRepeats, Duration peerTimeout) {
        static final Settings FULL = new Settings(List.of(1_000, 10_000, 100_000, 1_000_000), List.of(1, 10, 100), 5,
                500, 1024, 1024, 3, Duration.ofMinutes(8));
        static final Settings QUICK = new Settings(List.of(1_000, 10_000), List.of(1, 10), 2, 50, 256, 256, 1,
                Duration.ofMinutes(3));
    }
}
