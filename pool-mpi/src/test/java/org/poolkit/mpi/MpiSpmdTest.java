package org.poolkit.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance suite in SPMD mode: a program started on 3 ranks (2 workers) runs the whole suite on rank 0,
 * under MPJ's multicore device (ranks are threads of one JVM, MPJ's own starter) and under niodev (ranks are
 * processes, started by {@link MpiRun}). Every rank must end with exit code 0.
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class MpiSpmdTest {

    private static final int SUITE_SIZE = (int) Arrays.stream(org.poolkit.conformance.WorkerPoolContract.class
            .getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class)).count();

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String run(List<String> command, Path mpjHome, Path output) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("MPJ_HOME", mpjHome.toString());
        Process process = builder.start();
        if (!process.waitFor(800, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "exit code of the SPMD program; its output:\n" + text);
        return text;
    }

    private static void assertWholeSuitePassed(String output) {
        assertTrue(output.contains("SPMD suite: " + SUITE_SIZE + " passed, 0 failed, 0 skipped"), output);
        assertTrue(output.contains("SPMD world of 3 ranks"), output);
    }

    @Test
    void suite_underNiodevRanksStartedByMpiRun(@TempDir Path dir) throws Exception {
        String output = run(List.of(java(), "-cp", System.getProperty("java.class.path"), MpiRun.class.getName(),
                "-np", "3", SpmdSuiteMain.class.getName()), Path.of("/usr/share/mpj"), dir.resolve("niodev.txt"));
        assertWholeSuitePassed(output);
    }

    @Test
    void suite_underMulticoreDevice(@TempDir Path dir) throws Exception {
        Path home = multicoreHome(dir.resolve("mpj"));
        String output = run(List.of(java(), "-jar", home.resolve("lib/starter.jar").toString(), "-np", "3",
                "-dev", "multicore", "-cp", System.getProperty("java.class.path"), SpmdSuiteMain.class.getName()),
                home, dir.resolve("multicore.txt"));
        assertWholeSuitePassed(output);
    }

    /**
     * MPJ's starter needs an MPJ_HOME whose lib/ also holds log4j and the commons jars (Debian's is split across
     * /usr/share/mpj and /usr/share/java): a copy of /usr/share/mpj with links to them.
     */
    static Path multicoreHome(Path home) throws IOException {
        Path source = Path.of("/usr/share/mpj");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = home.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        List<Path> extra = new ArrayList<>();
        try (Stream<Path> jars = Files.list(Path.of("/usr/share/java"))) {
            jars.filter(p -> p.getFileName().toString().matches("(log4j-1\\.2|commons-.*)\\.jar")).forEach(extra::add);
        }
        for (Path jar : extra) {
            Files.copy(jar, home.resolve("lib").resolve(jar.getFileName()));
        }
        return home;
    }
}
