package org.poolkit.examples.reducedbasis;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;

/** The tests' size of the problem, and ways to run the program: in this JVM, or as a user does, in its own. */
final class Runs {

    /** Small enough for a test, big enough for ten greedy iterations on two workers. */
    static final int ROWS = 4000;
    static final int COLS = 40;
    static final int ITERATIONS = 10;
    static final long SEED = 11;

    /** The longest the tests wait for a program to start its pool (an akka-cluster pool starts JVMs). */
    static final Duration START = Duration.ofSeconds(90);
    /** The longest the tests wait for anything else. */
    static final Duration WAIT = Duration.ofSeconds(60);

    private Runs() {
    }

    /** The arguments of a run of the tests' size on {@code spec}, followed by {@code more}. */
    static List<String> args(String spec, String... more) {
        List<String> args = new ArrayList<>(List.of("--pool", spec, "--rows", "" + ROWS, "--cols", "" + COLS,
                "--iterations", "" + ITERATIONS, "--seed", "" + SEED));
        args.addAll(List.of(more));
        return args;
    }

    /** The program's logs of one test, kept under target/ for a look after a failure. */
    static Path logs(String test) {
        return Path.of("target", "child-logs", test.replaceAll("[^A-Za-z0-9=._-]", "_"));
    }

    /**
     * Runs the program's logic in this JVM, on a pool of {@code spec}, with the listener that {@code listener}
     * makes from the pool and the program's own printer.
     */
    static Outcome inThisJvm(String spec, Greedy.Settings settings,
                             Function<Context, Greedy.Listener> listener) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code;
        try (WorkerPool pool = WorkerPools.create(spec)) {
            Printer printer = new Printer(out, pool, settings, -1, null, 0);
            code = ReducedBasis.run(pool, Snapshots.generate(ROWS, COLS, SEED), settings,
                    listener.apply(new Context(pool, printer)), out);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        return new Outcome(code, text.lines().toList(), text);
    }

    /** Runs the program's logic in this JVM, undisturbed. */
    static Outcome inThisJvm(String spec) {
        return inThisJvm(spec, Greedy.Settings.of(ITERATIONS), Context::printer);
    }

    /**
     * What a test's listener may use.
     *
     * @param pool    the pool the program runs on
     * @param printer the program's own listener, which prints the lines the tests read
     */
    record Context(WorkerPool pool, Printer printer) {
    }

    /** Kills a process with SIGKILL ({@code kill -9}) and waits until it is gone. */
    static void kill9(long pid) throws Exception {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            throw new AssertionError("process " + pid + " is already gone");
        }
        process.get().destroyForcibly();
        process.get().onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Fails unless every process this JVM started has ended (waits a little for those that are ending). */
    static void noChildProcessLeft() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<ProcessHandle> alive;
        do {
            alive = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
            if (alive.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("processes left behind: " + alive.stream()
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
    }
}
