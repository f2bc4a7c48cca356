package org.poolkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.poolkit.api.PoolTimeoutException;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;

/**
 * A program a user could have written, run in a JVM of its own by {@link #assertJvmExits}: it creates the pool of
 * its argument with {@code call-timeout=5s}, calls a function on worker 0 that never returns and ignores
 * interrupts, catches the {@link PoolTimeoutException}, closes the pool and returns from {@code main}. The JVM must
 * then exit by itself: whatever a pool could not stop is a daemon.
 *
 * @since 0.3
 */
public final class StuckFunctionProgram {

    private StuckFunctionProgram() {
    }

    /**
     * Runs the program.
     *
     * @param args the pool spec (without {@code call-timeout})
     */
    public static void main(String[] args) {
        String spec = args[0] + (args[0].contains(":") ? "," : ":") + "call-timeout=5s";
        WorkerPool pool = WorkerPools.create(spec);
        try {
            pool.applyOnly(0, ctx -> {
                while (true) {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        // a function that ignores interrupts
                    }
                }
            });
            System.out.println("STUCK returned");
        } catch (PoolTimeoutException e) {
            System.out.println("STUCK timeout " + e.getMessage().replace('\n', ' '));
        }
        long start = System.nanoTime();
        pool.close();
        System.out.println("STUCK closed-ms " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /**
     * Runs the program on a pool spec in a new JVM with this JVM's class path, and asserts that it timed out, closed
     * the pool within {@code closeWithin}, and that the JVM exited by itself with status 0 within 60 s.
     *
     * @param spec        the pool spec
     * @param closeWithin the longest {@code close()} may take
     * @return the program's output lines
     * @throws IOException          if the JVM cannot be started
     * @throws InterruptedException if interrupted while waiting
     */
    public static List<String> assertJvmExits(String spec, Duration closeWithin)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StuckFunctionProgram.class.getName(), spec).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "stuck-program-output");
        reader.setDaemon(true);
        reader.start();
        try {
            boolean exited = process.waitFor(90, TimeUnit.SECONDS);
            reader.join(5_000);
            List<String> output;
            synchronized (lines) {
                output = List.copyOf(lines);
            }
            assertTrue(exited, "the JVM of a program whose function never returns did not exit after main returned"
                    + " (" + spec + "): " + output);
            assertEquals(0, process.exitValue(), "exit status; output: " + output);
            assertTrue(output.stream().anyMatch(l -> l.startsWith("STUCK timeout") && l.contains("call-timeout")),
                    "the call timed out naming the setting: " + output);
            long closeMillis = output.stream().filter(l -> l.startsWith("STUCK closed-ms "))
                    .mapToLong(l -> Long.parseLong(l.substring("STUCK closed-ms ".length()).strip()))
                    .findFirst().orElse(Long.MAX_VALUE);
            assertTrue(closeMillis <= closeWithin.toMillis(), "close() took " + closeMillis + " ms: " + output);
            return output;
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
