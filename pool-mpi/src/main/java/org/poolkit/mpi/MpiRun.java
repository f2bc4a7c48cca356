package org.poolkit.mpi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.typesafe.config.ConfigFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs an SPMD program on N ranks of this machine with MPJ's niodev device, without MPJ's daemon (Debian's
 * {@code mpjrun} script does not work as shipped):
 *
 * <pre>
 * java -cp &lt;class path&gt; org.poolkit.mpi.MpiRun -np 4 [-J-Xmx2g …] com.example.Main [args…]
 * </pre>
 *
 * <p>Every rank runs {@code Main} with MPJ's arguments first ({@code rank conf niodev}, which {@code MPI.Init}
 * consumes) and then {@code args}; the rank JVMs get this class path plus MPJ's jars, and their output goes to
 * this process's. Exits with the first non-zero exit code of a rank, else 0. When a rank fails, the others get
 * {@code poolkit.mpi.close-timeout} to end before they are killed.
 *
 * @since 0.1
 */
public final class MpiRun {

    private MpiRun() {
    }

    /** The command line. */
    @Command(name = "java -cp <class path> org.poolkit.mpi.MpiRun",
            description = "Runs an SPMD program on N ranks of this machine (niodev, no MPJ daemon).")
    private static final class Options {

        @Option(names = "-np", required = true, paramLabel = "N", description = "the number of ranks, at least 2")
        int np;

        @Option(names = "-J", paramLabel = "JVM-OPTION",
                description = "an option for every rank's JVM, attached: -J-Xmx2g (repeatable)")
        List<String> jvm = new ArrayList<>();

        @Parameters(index = "0", paramLabel = "MAIN-CLASS", description = "the program's main class")
        String mainClass;

        @Parameters(index = "1..*", paramLabel = "ARGS", description = "the program's arguments")
        List<String> programArgs = new ArrayList<>();

        /** Parses the command line, or prints what is wrong and the usage and exits with code 64. */
        static Options parse(String[] args) {
            Options options = new Options();
            CommandLine line = new CommandLine(options).setStopAtPositional(true);
            try {
                line.parseArgs(args);
                if (options.np < 2) {
                    throw new CommandLine.ParameterException(line, "-np must be at least 2, not " + options.np);
                }
            } catch (CommandLine.ParameterException e) {
                System.err.println("MpiRun: " + e.getMessage());
                line.usage(System.err);
                System.exit(64);
            }
            return options;
        }
    }

    /**
     * Starts the ranks and waits for them.
     *
     * @param args {@code -np N [-J<jvm option>]… MainClass [args…]}
     * @throws Exception when the ranks cannot be started
     */
    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        MpiSettings settings = MpiSettings.from(ConfigFactory.load());
        Rendezvous rendezvous = new Rendezvous();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> rendezvous.processes().forEach(Process::destroyForcibly)));
        String classPath = Mpj.classPath(settings, System.getProperty("java.class.path"));
        Path home = Mpj.home(settings);
        for (int rank = 0; rank < options.np; rank++) {
            rendezvous.start(rank, options.np, options.jvm, classPath, home, options.mainClass, options.programArgs,
                    null);
        }
        rendezvous.meet(options.np, settings.startTimeout());
        rendezvous.close();
        System.exit(await(rendezvous.processes(), settings.closeTimeout()));
    }

    private static int await(List<Process> processes, Duration grace) throws InterruptedException {
        int code = 0;
        List<Process> running = new ArrayList<>(processes);
        while (!running.isEmpty()) {
            for (Process process : new ArrayList<>(running)) {
                if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
                    running.remove(process);
                    if (process.exitValue() != 0 && code == 0) {
                        code = process.exitValue();
                        long deadline = System.nanoTime() + grace.toNanos();
                        for (Process other : running) {
                            if (!other.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                                other.destroyForcibly();
                            }
                        }
                    }
                }
            }
        }
        return code;
    }
}
