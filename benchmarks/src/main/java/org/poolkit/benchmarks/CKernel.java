package org.poolkit.benchmarks;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.poolkit.render.lens.GaussianSource;
import org.poolkit.render.lens.Grid;
import org.poolkit.render.lens.LensPlane;
import org.poolkit.render.lens.Quantity;

/**
 * The C reference implementation of the lens kernel ({@code lens.c}): writes a {@link LensPlane} in the binary
 * format the C program reads, compiles the program with gcc, runs it and parses what it prints, and computes the
 * same checksums with {@link LensPlane#evaluate} for the agreement check.
 *
 * <p>The C program evaluates the same formulas in the same order as {@link LensPlane#evaluate}, in double
 * precision on one thread, over the whole grid (row-major, x the inner index, {@link Grid#x}/{@link Grid#y} as in
 * Java), {@code repeats} times. The scene file is little-endian: {@code int32} magic {@value #MAGIC}
 * ({@code 'LENS'}), {@code int32} leaf count, {@code int32} nx, {@code int32} ny, then {@code float64} xmin, xmax,
 * ymin, ymax, Dds/Ds, Σcr, has-source (0 or 1), source x, y and σ (0 when there is no source), then the
 * {@link LensPlane#leaves() leaves} ({@link LensPlane#STRIDE} {@code float64} each).
 *
 * <p>The leaf layout and the quantity order are not repeated in the C source: {@link #build} passes
 * {@link LensPlane#macros()} to gcc as {@code -D} options.
 *
 * <p>The program prints one JSON line, {@code {"pixels": n, "leaves": m, "seconds": [...], "sums": [...]}}, the
 * sums being those of the {@link Quantity#COUNT} quantity maps over all pixels in pixel order (in {@link Quantity}
 * order), printed with {@code %.17g}; a sum (or time) that is NaN or infinite is printed as {@code null}, which
 * {@link #run} reads back as {@link Double#NaN}.
 *
 * @since 0.1
 */
public final class CKernel {

    /** The magic number opening a scene file ({@code 'LENS'} as a big-endian int, written little-endian). */
    public static final int MAGIC = 0x4C454E53;

    /** The class-path resource holding the C source, where the benchmarks jar ships it. */
    public static final String SOURCE_RESOURCE = "/org/poolkit/benchmarks/lens.c";

    /** The C source in the project tree, relative to the project root. */
    public static final Path SOURCE_IN_TREE = Path.of("benchmarks", "src", "main", "c", "lens.c");

    private static final int HEADER_BYTES = 4 * Integer.BYTES + 10 * Double.BYTES;
    private static final Duration BUILD_TIMEOUT = Duration.ofSeconds(60);

    private CKernel() {
    }

    /**
     * What one run of the C program printed.
     *
     * @param pixels  nx·ny of the grid rendered
     * @param leaves  the number of leaf lenses
     * @param seconds the time of each render, in order, in seconds (monotonic clock)
     * @param sums    the sum of each of the {@link Quantity#COUNT} quantity maps over all pixels, in
     *                {@link Quantity} order; {@link Double#NaN} where the program printed {@code null} (a NaN or
     *                infinite sum)
     * @since 0.1
     */
    public record Output(long pixels, int leaves, double[] seconds, double[] sums) {

        /**
         * Copies the arrays.
         *
         * @param pixels as the record component
         * @param leaves as the record component
         * @param seconds as the record component
         * @param sums as the record component
         */
        public Output {
            seconds = seconds.clone();
            sums = sums.clone();
        }

        /**
         * Returns a copy of the render times.
         *
         * @return seconds per render
         */
        @Override
        public double[] seconds() {
            return seconds.clone();
        }

        /**
         * Returns a copy of the sums.
         *
         * @return the {@link Quantity#COUNT} sums
         */
        @Override
        public double[] sums() {
            return sums.clone();
        }

        /**
         * Returns the shortest render time.
         *
         * @return the minimum of {@link #seconds()}, or NaN if there is none
         */
        public double bestSeconds() {
            return Arrays.stream(seconds).min().orElse(Double.NaN);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Output r && pixels == r.pixels && leaves == r.leaves
                    && Arrays.equals(seconds, r.seconds) && Arrays.equals(sums, r.sums);
        }

        @Override
        public int hashCode() {
            return (Long.hashCode(pixels) * 31 + leaves) * 31 + Arrays.hashCode(sums);
        }

        @Override
        public String toString() {
            return "Output[pixels=" + pixels + ", leaves=" + leaves + ", seconds=" + Arrays.toString(seconds)
                    + ", sums=" + Arrays.toString(sums) + "]";
        }
    }

    /**
     * Writes a lens plane in the binary format the C program reads (see the class comment).
     *
     * @param plane the lens plane
     * @param file  the file to write (replaced if it exists)
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void writeScene(LensPlane plane, Path file) {
        double[] leaves = plane.leaves();
        Grid grid = plane.grid();
        GaussianSource source = plane.source();
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + leaves.length * Double.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(MAGIC).putInt(plane.leafCount()).putInt(grid.nx()).putInt(grid.ny());
        buffer.putDouble(grid.xminArcsec()).putDouble(grid.xmaxArcsec());
        buffer.putDouble(grid.yminArcsec()).putDouble(grid.ymaxArcsec());
        buffer.putDouble(plane.ratio()).putDouble(plane.criticalDensity());
        buffer.putDouble(source == null ? 0 : 1);
        buffer.putDouble(source == null ? 0 : source.xArcsec());
        buffer.putDouble(source == null ? 0 : source.yArcsec());
        buffer.putDouble(source == null ? 0 : source.sigmaArcsec());
        for (double v : leaves) {
            buffer.putDouble(v);
        }
        try {
            Files.write(file, buffer.array());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the C kernel scene " + file, e);
        }
    }

    /**
     * Copies the C source into a working directory: from the class-path resource {@value #SOURCE_RESOURCE} if
     * there is one, else from {@link #SOURCE_IN_TREE} under the working directory of the JVM or under its parent.
     *
     * @param workDir the directory to copy to (created if missing)
     * @return {@code workDir/lens.c}
     * @throws IllegalStateException if the source is neither on the class path nor in the tree
     * @throws UncheckedIOException  if the copy fails
     */
    public static Path extractSource(Path workDir) {
        try {
            Files.createDirectories(workDir);
            Path target = workDir.resolve("lens.c");
            try (InputStream in = CKernel.class.getResourceAsStream(SOURCE_RESOURCE)) {
                if (in != null) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    return target;
                }
            }
            Path cwd = Path.of("").toAbsolutePath();
            List<Path> candidates = new ArrayList<>();
            candidates.add(cwd.resolve(SOURCE_IN_TREE));
            if (cwd.getParent() != null) {
                candidates.add(cwd.getParent().resolve(SOURCE_IN_TREE));
            }
            for (Path candidate : candidates) {
                if (Files.isRegularFile(candidate)) {
                    Files.copy(candidate, target, StandardCopyOption.REPLACE_EXISTING);
                    return target;
                }
            }
            throw new IllegalStateException("the C kernel source lens.c is neither on the class path ("
                    + SOURCE_RESOURCE + ") nor at " + candidates
                    + "; run from the project root or a module directory, or build from an explicit path");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the C kernel source to " + workDir, e);
        }
    }

    /**
     * Compiles the C program with {@code gcc -O3 -march=native -std=c11 -DNAME=value … -o lens lens.c -lm}, the
     * {@code -D} options being {@link LensPlane#macros()}, waiting at most 60 s.
     *
     * @param sourceFile the C source ({@code lens.c})
     * @param workDir    the directory for the executable (created if missing); gcc runs there
     * @return the executable, {@code workDir/lens}
     * @throws IllegalStateException if the source is missing, gcc is not installed, fails or takes too long; the
     *                               message carries gcc's output
     * @throws UncheckedIOException  if the working directory cannot be prepared
     */
    public static Path build(Path sourceFile, Path workDir) {
        Path source = sourceFile.toAbsolutePath();
        if (!Files.isRegularFile(source)) {
            throw new IllegalStateException("the C kernel source " + source + " does not exist");
        }
        Path executable;
        Path log;
        try {
            Files.createDirectories(workDir);
            executable = workDir.toAbsolutePath().resolve("lens");
            log = Files.createTempFile(workDir, "gcc", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + workDir + " for building the C kernel", e);
        }
        List<String> command = new ArrayList<>(List.of("gcc", "-O3", "-march=native", "-std=c11"));
        LensPlane.macros().forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-o", executable.toString(), source.toString(), "-lm"));
        try {
            Process gcc;
            try {
                gcc = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot run gcc (" + e.getMessage() + "): is it installed? "
                        + "apt-get install gcc", e);
            }
            boolean done = Host.finish(gcc, BUILD_TIMEOUT, "gcc");
            String output = read(log);
            if (!done) {
                throw new IllegalStateException("gcc did not finish compiling " + source + " within "
                        + BUILD_TIMEOUT.toSeconds() + " s; killed it. Output so far:\n" + output);
            }
            if (gcc.exitValue() != 0 || !Files.isExecutable(executable)) {
                throw new IllegalStateException("gcc failed (exit " + gcc.exitValue() + ") compiling " + source
                        + " with `" + String.join(" ", command) + "` (is a working gcc installed? apt-get install "
                        + "gcc):\n" + output);
            }
            return executable;
        } finally {
            Host.deleteQuietly(log);
        }
    }

    /**
     * Runs the C program on a scene file and parses the JSON line it prints.
     *
     * @param executable the program from {@link #build}
     * @param sceneFile  a scene from {@link #writeScene}
     * @param repeats    how many times to render the grid, at least 1
     * @param timeout    how long to wait for the program; it is killed after that
     * @return what it printed
     * @throws IllegalArgumentException if {@code repeats} is below 1
     * @throws IllegalStateException    if the program cannot be started, times out, exits with an error or prints
     *                                  something that is not the expected JSON line
     * @throws UncheckedIOException     if its output cannot be captured
     */
    public static Output run(Path executable, Path sceneFile, int repeats, Duration timeout) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        }
        List<String> command = List.of(executable.toAbsolutePath().toString(),
                sceneFile.toAbsolutePath().toString(), Integer.toString(repeats));
        Path stdout;
        Path stderr;
        try {
            stdout = Files.createTempFile("lens", ".out");
            stderr = Files.createTempFile("lens", ".err");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create files for the C kernel's output", e);
        }
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the C kernel " + executable + ": " + e.getMessage(),
                        e);
            }
            if (!Host.finish(process, timeout, "C kernel")) {
                throw new IllegalStateException("timed out after " + timeout.toMillis() + " ms waiting for the C "
                        + "kernel to render " + sceneFile + " " + repeats + " times (`" + String.join(" ", command)
                        + "`); killed it");
            }
            String out = read(stdout);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("the C kernel failed (exit " + process.exitValue() + ") on "
                        + sceneFile + ": " + read(stderr).strip());
            }
            return parse(out);
        } finally {
            Host.deleteQuietly(stdout);
            Host.deleteQuietly(stderr);
        }
    }

    /**
     * Computes with {@link LensPlane#evaluate}, on this thread, the sums the C program prints: for each of the
     * {@link Quantity#COUNT} quantities, the sum of its value over all pixels of the plane's grid, added in pixel
     * order (row-major, x inner).
     *
     * @param plane the lens plane
     * @return the {@link Quantity#COUNT} sums, in {@link Quantity} order
     */
    public static double[] javaSums(LensPlane plane) {
        Grid grid = plane.grid();
        double[] sums = new double[Quantity.COUNT];
        double[] point = new double[Quantity.COUNT];
        for (int j = 0; j < grid.ny(); j++) {
            double y = grid.y(j);
            for (int i = 0; i < grid.nx(); i++) {
                plane.evaluate(grid.x(i), y, point);
                for (int q = 0; q < Quantity.COUNT; q++) {
                    sums[q] += point[q];
                }
            }
        }
        return sums;
    }

    static Output parse(String output) {
        String line = Host.lastLine(output);
        try {
            Config json = Host.json(line);
            double[] seconds = Host.numbers(json.getList("seconds"));
            double[] sums = Host.numbers(json.getList("sums"));
            if (sums.length != Quantity.COUNT || seconds.length == 0) {
                throw new IllegalStateException("the C kernel printed " + sums.length + " sums and "
                        + seconds.length + " times, expected " + Quantity.COUNT + " sums and at least one time: "
                        + line);
            }
            return new Output(json.getLong("pixels"), json.getInt("leaves"), seconds, sums);
        } catch (ConfigException e) {
            throw new IllegalStateException("cannot parse the C kernel's output (" + e.getMessage() + "): " + line,
                    e);
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
