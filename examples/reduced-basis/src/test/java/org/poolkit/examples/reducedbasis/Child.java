package org.poolkit.examples.reducedbasis;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The program started the way a user starts it: {@code java -cp CLASSPATH ReducedBasis ARGS} in a JVM of its own,
 * on this test's class path. Its standard output is read line by line as it comes; every wait is bounded; closing
 * kills the JVM and everything it started.
 */
final class Child implements AutoCloseable {

    /** The end of the output, in the queue of lines. */
    private static final String END = "\u0000end";

    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private Child(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.reader = new Thread(this::read, "child-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the program.
     *
     * @param logs where its logs go (its standard error, the worker and rank logs)
     * @param args its arguments
     * @return the running program
     */
    static Child start(Path logs, List<String> args) throws IOException {
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dpoolkit.akka.cluster.log-dir=" + logs.resolve("workers"),
                "-Dpoolkit.mpi.log-dir=" + logs.resolve("ranks"),
                "-cp", System.getProperty("java.class.path"), ReducedBasis.class.getName()));
        command.addAll(args);
        Path stderr = logs.resolve("stderr.log");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        return new Child(process, stderr);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                queue.add(line);
            }
        } catch (IOException e) {
            queue.add("(reading the output failed: " + e + ")");
        } finally {
            queue.add(END);
        }
    }

    /**
     * Waits for the next line that starts with {@code prefix}; fails if the output ends or the time runs out first.
     *
     * @return the line
     */
    String await(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                fail("no line starting with '" + prefix + "' within " + timeout + "; so far:\n" + log());
            }
            if (line.equals(END)) {
                queue.add(END);
                fail("the program ended before a line starting with '" + prefix + "':\n" + log());
            }
            synchronized (lines) {
                lines.add(line);
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** The pid of worker {@code worker}, from its {@code WORKER i PID p} line. */
    long workerPid(int worker, Duration timeout) throws InterruptedException {
        String line;
        do {
            line = await("WORKER ", timeout);
        } while (!line.startsWith("WORKER " + worker + " PID "));
        return Long.parseLong(line.substring(("WORKER " + worker + " PID ").length()));
    }

    /** Waits for the program to end; returns what it printed. */
    Outcome finish(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("the program did not end within " + timeout + "; so far:\n" + log());
        }
        reader.join(timeout.toMillis());
        for (String line = queue.poll(); line != null && !line.equals(END); line = queue.poll()) {
            synchronized (lines) {
                lines.add(line);
            }
        }
        synchronized (lines) {
            return new Outcome(process.exitValue(), List.copyOf(lines), log());
        }
    }

    /** The program's own process. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    private String log() {
        StringBuilder log = new StringBuilder();
        synchronized (lines) {
            lines.forEach(line -> log.append(line).append('\n'));
        }
        try {
            log.append("--- stderr ---\n").append(Files.readString(stderr, StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.append("(cannot read ").append(stderr).append(": ").append(e).append(")");
        }
        return log.toString();
    }

    /** Kills the program's JVM and everything it started, and waits (bounded) until they are gone. */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("process " + handle.pid() + " did not end after kill -9", e);
            }
        }
    }
}
