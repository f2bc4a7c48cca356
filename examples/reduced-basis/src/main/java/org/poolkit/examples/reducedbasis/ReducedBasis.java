package org.poolkit.examples.reducedbasis;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.poolkit.api.WorkerLostException;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The example's command: runs the greedy loop of {@link Greedy} on a pool and prints what it finds.
 *
 * <pre>
 * CP=target/classes:$(cat target/classpath.txt)      # after ./mvnw compile in examples/reduced-basis
 * java -cp $CP org.poolkit.examples.reducedbasis.ReducedBasis --pool akka-cluster:workers=2
 * java -cp $CP org.poolkit.examples.reducedbasis.ReducedBasis --pool mpi:np=3 --rows 40000 --cols 100 --iterations 20
 * </pre>
 *
 * <p>Output, one fact a line: {@code POOL}, {@code WORKER i PID p}, {@code HANDLE snapshots|points H},
 * {@code ITERATION n ...} per iteration, then {@code POINT ...} lines, {@code POINTS}, {@code FINAL},
 * {@code RECOVERIES} and {@code RESULT checksum}. Exit codes: 0 done; 3 a worker holding the loop's state was lost
 * (the line {@code LOST message} says which handle and which worker); 2 bad arguments; 1 any other failure.
 */
@Command(name = "reduced-basis", mixinStandardHelpOptions = true,
        description = "A greedy reduced-basis loop whose state lives on the workers of a poolkit pool:"
                + " scattered snapshots deflated in place, points recorded on the worker that owns them.")
public final class ReducedBasis implements Callable<Integer> {

    /** The exit code when a worker holding the loop's state was lost. */
    static final int LOST = 3;

    @Option(names = "--pool", defaultValue = "dummy", paramLabel = "SPEC",
            description = "the pool: dummy, loopback:workers=2, akka:workers=2, akka-cluster:workers=2,"
                    + " mpi:np=3, ... (default: ${DEFAULT-VALUE})")
    private String pool;

    @Option(names = "--rows", defaultValue = "4000",
            description = "grid points per snapshot (default: ${DEFAULT-VALUE}; the issue's size: 40000)")
    private int rows;

    @Option(names = "--cols", defaultValue = "40", description = "snapshots, one per parameter (default:"
            + " ${DEFAULT-VALUE}; the issue's size: 100)")
    private int cols;

    @Option(names = "--iterations", defaultValue = "10", description = "greedy iterations, at most --cols (default:"
            + " ${DEFAULT-VALUE}; the issue's: 20)")
    private int iterations;

    @Option(names = "--seed", defaultValue = "11", description = "seed of the snapshots (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--pause-after", defaultValue = "-1", paramLabel = "N",
            description = "after iteration N, print PAUSED N and wait for --pause-file to exist (to lose a worker"
                    + " between calls)")
    private int pauseAfter;

    @Option(names = "--pause-file", paramLabel = "FILE", description = "the file that ends the pause")
    private Path pauseFile;

    @Option(names = "--pause-timeout-s", defaultValue = "120",
            description = "the longest pause, in seconds (default: ${DEFAULT-VALUE})")
    private long pauseTimeoutSeconds;

    @Option(names = "--slow-iteration", defaultValue = "-1", paramLabel = "N",
            description = "print SLOW N, then let iteration N's deflation sleep --slow-ms on every worker before it"
                    + " changes the blocks (to lose a worker during a call)")
    private int slowIteration;

    @Option(names = "--slow-ms", defaultValue = "3000", description = "how long (default: ${DEFAULT-VALUE})")
    private long slowMillis;

    @Option(names = "--restore", description = "recover from a lost worker: wait for a replacement, restore the"
            + " snapshots (pool.restore) and replay the finished iterations, instead of stopping with LOST")
    private boolean restore;

    @Option(names = "--regain-timeout-s", defaultValue = "60", description = "with --restore, how long to wait for"
            + " the pool to regain its size, in seconds (default: ${DEFAULT-VALUE})")
    private long regainTimeoutSeconds;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command and exits with its code.
     *
     * @param args the arguments; {@code --help} lists them
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, which prints a failure's message (and causes) instead of a stack trace. */
    static CommandLine commandLine() {
        return new CommandLine(new ReducedBasis()).setExecutionExceptionHandler((e, commandLine, parsed) -> {
            StringBuilder message = new StringBuilder("reduced-basis failed: ").append(e);
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                message.append(System.lineSeparator()).append("  caused by: ").append(cause);
            }
            commandLine.getErr().println(message);
            commandLine.getErr().flush();
            return 1;
        });
    }

    @Override
    public Integer call() {
        if (rows < 1 || cols < 1 || iterations < 1 || iterations > cols) {
            throw new CommandLine.ParameterException(spec.commandLine(), "need --rows >= 1, --cols >= 1 and"
                    + " 1 <= --iterations <= --cols; got " + rows + ", " + cols + ", " + iterations);
        }
        if (pauseAfter >= 0 && pauseFile == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--pause-after needs --pause-file");
        }
        double[][] snapshots = Snapshots.generate(rows, cols, seed);
        Greedy.Settings settings = new Greedy.Settings(iterations, slowIteration, slowMillis, restore,
                Duration.ofSeconds(regainTimeoutSeconds));
        PrintStream out = System.out;
        try (WorkerPool workers = WorkerPools.create(pool)) {
            Printer printer = new Printer(out, workers, settings, pauseAfter, pauseFile, pauseTimeoutSeconds * 1000);
            return run(workers, snapshots, settings, printer, out);
        }
    }

    /**
     * The program once its pool exists: prints the workers, runs the loop and prints what it found, or
     * {@code LOST} when a worker holding the loop's state was lost.
     *
     * @param pool      the pool; the caller closes it
     * @param snapshots the snapshot matrix
     * @param settings  how to run the loop
     * @param listener  hears of the loop's progress (the command's {@link Printer})
     * @param out       where the lines go
     * @return the exit code: 0 done, {@value #LOST} lost
     */
    static int run(WorkerPool pool, double[][] snapshots, Greedy.Settings settings, Greedy.Listener listener,
                   PrintStream out) {
        out.println("POOL " + pool + ", rows=" + snapshots.length + " cols=" + snapshots[0].length + " iterations="
                + settings.iterations());
        try {
            List<Long> pids = pool.apply(ctx -> ProcessHandle.current().pid());
            for (int i = 0; i < pids.size(); i++) {
                out.println("WORKER " + i + " PID " + pids.get(i));
            }
            Greedy.Result result = Greedy.run(pool, snapshots, settings, listener);
            StringBuilder rowList = new StringBuilder();
            for (Point point : result.points()) {
                out.printf(Locale.ROOT, "POINT %d row=%d column=%d residual=%s%n", point.iteration(), point.row(),
                        point.column(), point.residual());
                rowList.append(rowList.length() == 0 ? "" : ",").append(point.row());
            }
            out.println("POINTS " + rowList);
            out.println("FINAL " + result.finalResidual());
            out.println("RECOVERIES " + result.recoveries());
            out.println("RESULT " + result.checksum());
            return 0;
        } catch (WorkerLostException e) {
            out.println("LOST " + oneLine(e.getMessage()));
            return LOST;
        } finally {
            out.flush();
        }
    }

    /** A message on one line. */
    static String oneLine(String message) {
        return String.valueOf(message).replaceAll("\\R", " ");
    }
}
