package org.poolkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;
import org.poolkit.conformance.LeakCheck;
import org.poolkit.render.ProgressListener;
import org.poolkit.render.lens.Kernel;
import org.poolkit.render.lens.LensMaps;
import org.poolkit.render.lens.LensRenderer;
import org.poolkit.render.lens.Quantity;
import org.poolkit.render.lens.Scene;
import org.poolkit.render.lens.SceneReader;
import org.poolkit.render.output.FitsWriter;
import org.poolkit.support.ChildProcesses;

/** The {@code poolkit} command line, run in this JVM (exit codes returned) and as a worker JVM. */
@ExtendWith(LeakCheck.class)
class PoolkitCommandTest {

    private static final Path SIMPLE = Path.of("scenes/simple.json");

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PoolkitCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void render_simpleScene_writesFitsAndPngPerQuantity(@TempDir Path dir) throws Exception {
        Run run = run("render", SIMPLE.toString(), "--out", dir.toString(), "--pool", "akka:workers=2",
                "--quantities", "kappa,alpha_x,image", "--no-progress");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("512x512"), run.out());
        for (String name : List.of("kappa", "alpha_x", "image")) {
            assertTrue(Files.size(dir.resolve(name + ".fits")) > 512 * 512 * 8, name + ".fits");
            assertTrue(Files.size(dir.resolve(name + ".png")) > 1000, name + ".png");
        }
        assertTrue(!Files.exists(dir.resolve("invmag.fits")), "only the asked-for quantities are written");
        Scene scene = SceneReader.read(SIMPLE);
        LensMaps expected;
        try (WorkerPool pool = WorkerPools.create("dummy")) {
            expected = LensRenderer.render(pool, scene, Kernel.JVM, EnumSet.of(Quantity.KAPPA), ProgressListener.NONE);
        }
        double[] written = FitsWriter.read(dir.resolve("kappa.fits"));
        assertEquals(expected.get(Quantity.KAPPA).length, written.length);
        for (int p = 0; p < written.length; p++) {
            assertEquals(expected.get(Quantity.KAPPA)[p], written[p], 0, "kappa pixel " + p);
        }
    }

    @Test
    void render_invalidScene_exit2NamingTheField(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Files.readString(SIMPLE).replace("\"mass_Msun\": 1e11", "\"mass_Msun\": -1e11"));
        Run run = run("render", bad.toString(), "--out", dir.resolve("out").toString(), "--pool", "dummy");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("lenses[2].mass_Msun"), run.err());
        assertTrue(!Files.exists(dir.resolve("out")), "nothing written before the scene is valid");
    }

    @Test
    void render_badOptions_exit2WithAllowedValues(@TempDir Path dir) {
        Run quantity = run("render", SIMPLE.toString(), "--out", dir.toString(), "--quantities", "kapa");
        assertEquals(2, quantity.code());
        assertTrue(quantity.err().contains("unknown quantity 'kapa'") && quantity.err().contains("kappa"),
                quantity.err());
        Run kernel = run("render", SIMPLE.toString(), "--out", dir.toString(), "--kernel", "cuda");
        assertEquals(2, kernel.code());
        assertTrue(kernel.err().contains("jvm, opencl"), kernel.err());
        Run missing = run("render", SIMPLE.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("--out"), missing.err());
    }

    @Test
    void render_unknownPool_exit1NamingAvailablePools(@TempDir Path dir) {
        Run run = run("render", SIMPLE.toString(), "--out", dir.toString(), "--pool", "akk", "--no-progress");
        assertEquals(1, run.code());
        assertTrue(run.err().contains("akk") && run.err().contains("dummy"), run.err());
    }

    @Test
    void pools_listsEveryPoolWithItsKeys() {
        Run run = run("pools");
        assertEquals(0, run.code(), run.err());
        for (String text : List.of("dummy", "akka  (default)", "akka-cluster", "loopback", "workers", "launch")) {
            assertTrue(run.out().contains(text), "'" + text + "' missing from:\n" + run.out());
        }
    }

    @Test
    void help_everywhere() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"render", "--help"},
                new String[] {"pools", "--help"}, new String[] {"worker", "--help"})) {
            Run run = run(args);
            assertEquals(0, run.code(), String.join(" ", args));
            assertTrue(run.out().contains("Usage: poolkit"), run.out());
        }
        assertEquals(2, run().code(), "no command is a usage error");
    }

    @Test
    void worker_badSeed_exit2() {
        Run run = run("worker", "--seed", "nowhere");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("HOST:PORT"), run.err());
    }

    /** {@code poolkit worker --seed} in a separate JVM joins a pool started with {@code launch=false}. */
    @Test
    void worker_joinsLaunchFalsePoolAndRendersWithIt(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String spec = "akka-cluster:workers=1,launch=false,port=" + port + ",join-timeout=90s";
        CompletableFuture<WorkerPool> creating = CompletableFuture.supplyAsync(() -> WorkerPools.create(spec));
        Process worker = new ProcessBuilder(ChildProcesses.javaCommand(List.of("-Xmx512m"),
                System.getProperty("java.class.path"), PoolkitCommand.class.getName(),
                List.of("worker", "--seed", "127.0.0.1:" + port)))
                .redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile()).start();
        try {
            Scene scene = SceneReader.read(SIMPLE);
            try (WorkerPool pool = creating.get(120, TimeUnit.SECONDS)) {
                assertEquals(worker.pid(), (long) pool.applyOnly(0, ctx -> ProcessHandle.current().pid()));
                LensMaps maps = LensRenderer.render(pool, scene, Kernel.JVM, EnumSet.of(Quantity.ALPHA_X),
                        ProgressListener.NONE);
                assertEquals(512 * 512, maps.get(Quantity.ALPHA_X).length);
            }
            assertTrue(worker.waitFor(60, TimeUnit.SECONDS), "the worker leaves when the pool closes");
            assertEquals(0, worker.exitValue(), Files.readString(dir.resolve("worker.log")));
        } finally {
            worker.destroyForcibly();
            worker.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
