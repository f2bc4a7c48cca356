package org.poolkit.benchmarks;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs the Python peers (Dask distributed, mpi4py.futures; 2 workers each) with Debian's {@code /usr/bin/python3}
 * and turns their JSON into results. A peer that is not installed is reported as absent, with the package to
 * install.
 */
final class Peers {

    /** Dask costs about 2 ms per task here: 10⁵ items would take minutes per repeat. */
    private static final int MAX_PEER_ITEMS = 10_000;
    private static final int MAX_PEER_REPEATS = 3;

    private final String python;
    private final Harness.Settings settings;
    private final Path out;

    Peers(String python, Harness.Settings settings, Path out) {
        this.python = python;
        this.settings = settings;
        this.out = out;
    }

    List<Result> run(List<String> notes) throws IOException, InterruptedException {
        List<Result> results = new ArrayList<>();
        Path work = Files.createDirectories(out.resolve("peers-work"));
        try {
            script(work, "peer_common.py"); // imported by both peer scripts, from their own folder
            if (!works(List.of(python, "-c", "import dask, distributed"))) {
                notes.add("absent: Dask (" + python + " cannot import dask, distributed: apt-get install"
                        + " python3-dask python3-distributed)");
            } else {
                results.addAll(peer("dask", List.of(python, script(work, "dask_peer.py")), notes));
            }
            if (!works(List.of(python, "-c", "import mpi4py.futures")) || !works(List.of("mpiexec", "--version"))) {
                notes.add("absent: mpi4py (" + python + " cannot import mpi4py.futures, or no mpiexec: apt-get install"
                        + " python3-mpi4py)");
            } else {
                results.addAll(peer("mpi4py", List.of("mpiexec", "-n", "3", "--oversubscribe", python, "-m",
                        "mpi4py.futures", script(work, "mpi4py_peer.py")), notes));
            }
        } finally {
            Host.deleteTree(work);
        }
        return results;
    }

    private List<Result> peer(String name, List<String> launch, List<String> notes)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(launch);
        String sizes = settings.mapSizes().stream().filter(n -> n <= MAX_PEER_ITEMS).map(String::valueOf)
                .collect(Collectors.joining(","));
        String megabytes = settings.megabytes().stream().map(String::valueOf).collect(Collectors.joining(","));
        long timeout = settings.peerTimeout().toSeconds();
        command.addAll(List.of("--sizes", sizes, "--push-mb", megabytes, "--repeats",
                Integer.toString(Math.min(MAX_PEER_REPEATS, settings.repeats())), "--apply-repeats",
                Integer.toString(Math.min(200, settings.applyRepeats())),
                "--timeout", Long.toString(timeout)));
        Harness.log("%s: %s", name, String.join(" ", command));
        Path log = out.resolve("peers-work").resolve(name + ".log");
        Path stdout = out.resolve("peers-work").resolve(name + ".json");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile())
                .redirectOutput(stdout.toFile());
        Map<String, String> env = builder.environment();
        env.put("OMPI_ALLOW_RUN_AS_ROOT", "1");
        env.put("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1");
        env.put("OMPI_MCA_rmaps_base_oversubscribe", "1");
        Process process = builder.start();
        if (!Host.finish(process, Duration.ofSeconds(timeout + 60), name)) {
            notes.add("FAILED: " + name + " did not end within " + (timeout + 60) + " s; killed");
            return List.of();
        }
        String text = Files.readString(stdout, StandardCharsets.UTF_8).trim();
        String json = Host.lastLine(text);
        if (process.exitValue() != 0 || !json.startsWith("{")) {
            notes.add("FAILED: " + name + " exited with " + process.exitValue() + ": "
                    + tail(Files.readString(log)));
            return List.of();
        }
        Config c = Host.json(json);
        String subject = name;
        notes.add(name + " " + (c.hasPath("version") ? c.getString("version") : "?") + ", " + c.getInt("workers")
                + " workers, started in " + String.format(java.util.Locale.ROOT, "%.2f s",
                c.hasPath("startup_s") ? c.getDouble("startup_s") : Double.NaN));
        for (String error : c.hasPath("errors") ? c.getStringList("errors") : List.<String>of()) {
            notes.add(name + ": " + error);
        }
        List<Result> results = new ArrayList<>();
        if (c.hasPath("apply_s") && !c.getDoubleList("apply_s").isEmpty()) {
            results.add(new Result("apply", subject, "", "µs",
                    new Sample(c.getDoubleList("apply_s")).map(s -> s * 1e6), Double.NaN, ""));
        }
        addSeries(results, c, "map", "map", subject, "ns/item", (n, s) -> s * 1e9 / n);
        addSeries(results, c, "map_chunked", "map", subject + "-chunked", "ns/item", (n, s) -> s * 1e9 / n);
        addSeries(results, c, "push", "push", subject, "MB/s per worker", (mb, s) -> mb / s);
        return results;
    }

    private interface Convert {
        double apply(double param, double seconds);
    }

    private static void addSeries(List<Result> results, Config c, String key, String section, String subject,
                                  String unit, Convert convert) {
        if (!c.hasPath(key)) {
            return;
        }
        for (Map.Entry<String, ConfigValue> e : c.getObject(key).entrySet()) {
            double[] seconds = Host.numbers((ConfigList) e.getValue());
            if (seconds.length == 0) {
                continue;
            }
            double param = Double.parseDouble(e.getKey());
            results.add(new Result(section, subject, e.getKey(), unit, new Sample(Arrays.stream(seconds)
                    .mapToObj(s -> convert.apply(param, s)).toList()), Double.NaN, ""));
        }
    }

    private static String tail(String text) {
        String trimmed = text.strip();
        return trimmed.length() > 400 ? "…" + trimmed.substring(trimmed.length() - 400) : trimmed;
    }

    /** Copies a peer script from this jar (or the source tree) into the work folder. */
    private static String script(Path work, String name) throws IOException {
        Path target = work.resolve(name);
        try (InputStream in = Peers.class.getResourceAsStream(name)) {
            if (in != null) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                return target.toString();
            }
        }
        for (Path candidate : List.of(Path.of("benchmarks/src/main/peers", name), Path.of("src/main/peers", name))) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath().toString();
            }
        }
        throw new IllegalStateException("peer script " + name + " is neither in the jar nor in benchmarks/src/main/peers");
    }

    private static boolean works(List<String> command) {
        return Host.output(command, Duration.ofSeconds(60)) != null;
    }
}
