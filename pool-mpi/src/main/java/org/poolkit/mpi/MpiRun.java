package org.poolkit.mpi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.typesafe.config.ConfigFactory;

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

    /**
     * Starts the ranks and waits for them.
     *
     * @param args {@code -np N [-J<jvm option>]… MainClass [args…]}
     * @throws Exception when the ranks cannot be started
     */
    public static void main(String[] args) throws Exception {
        int np = -1;
        List<String> jvm = new ArrayList<>();
        int i = 0;
        for (; i < args.length && args[i].startsWith("-"); i++) {
            if (args[i].equals("-np") && i + 1 < args.length) {
                np = Integer.parseInt(args[++i]);
            } else if (args[i].startsWith("-J")) {
                jvm.add(args[i].substring(2));
            } else {
                usage("unknown option " + args[i]);
            }
        }
        if (np < 2 || i >= args.length) {
            usage(np < 2 ? "-np N with N >= 2 is required" : "the main class is missing");
        }
        String mainClass = args[i];
        List<String> programArgs = Arrays.asList(args).subList(i + 1, args.length);
        MpiSettings settings = MpiSettings.from(ConfigFactory.load());
        Rendezvous rendezvous = new Rendezvous();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> rendezvous.processes().forEach(Process::destroyForcibly)));
        String classPath = Mpj.classPath(settings, System.getProperty("java.class.path"));
        Path home = Mpj.home(settings);
        for (int rank = 0; rank < np; rank++) {
            rendezvous.start(rank, np, jvm, classPath, home, mainClass, programArgs, null);
        }
        rendezvous.meet(np, settings.startTimeout());
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

    private static void usage(String problem) {
        System.err.println("MpiRun: " + problem + "\nusage: java -cp <class path> " + MpiRun.class.getName()
                + " -np N [-J<jvm option>]... MainClass [args...]");
        System.exit(64);
    }
}
