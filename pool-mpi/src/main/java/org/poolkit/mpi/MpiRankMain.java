package org.poolkit.mpi;

import java.net.InetSocketAddress;

import com.typesafe.config.ConfigFactory;
import mpi.MPI;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The main class of the rank processes of a launched MPI world ({@code mpi:np=N}): rank 0 is the gateway to the
 * caller, the other ranks are workers. Started by the pool, not by users; it reads the same {@code poolkit.mpi.*}
 * settings as the caller ({@link MpiSettings}), which passes its values as {@code -D} options.
 *
 * @since 0.1
 */
public final class MpiRankMain {

    /** Exit code of a rank whose command line is wrong (as {@link MpiRun}'s). */
    private static final int USAGE = 64;
    /** Exit code of a rank that failed or was aborted. */
    private static final int FAILED = 3;

    /** The command line: MPJ's three arguments, then poolkit's. */
    @Command(name = "MpiRankMain", description = "One rank of an MPI world launched by the mpi pool (mpi:np=N).")
    private static final class Options {
        @Parameters(index = "0", paramLabel = "RANK", description = "MPJ: this rank")
        int rank;

        @Parameters(index = "1", paramLabel = "CONF", description = "MPJ: world size and where the rendezvous is")
        String conf;

        @Parameters(index = "2", paramLabel = "DEVICE", description = "MPJ: the device (niodev)")
        String device;

        @Option(names = "--gateway", paramLabel = "HOST:PORT", converter = HostPort.class,
                description = "rank 0: where the caller waits for its gateway")
        InetSocketAddress gateway;
    }

    /** Reads {@code HOST:PORT}. */
    private static final class HostPort implements CommandLine.ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            int colon = value.lastIndexOf(':');
            try {
                return InetSocketAddress.createUnresolved(value.substring(0, colon),
                        Integer.parseInt(value.substring(colon + 1)));
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not HOST:PORT");
            }
        }
    }

    private MpiRankMain() {
    }

    /**
     * Runs one rank.
     *
     * @param args MPJ's {@code rank conf niodev}, then {@code --gateway HOST:PORT} on rank 0
     */
    public static void main(String[] args) {
        Options options = new Options();
        CommandLine line = new CommandLine(options);
        int code;
        try {
            line.parseArgs(args);
            code = run(args, options);
        } catch (CommandLine.ParameterException e) {
            System.err.println("MpiRankMain: " + e.getMessage());
            line.usage(System.err);
            code = USAGE;
        } catch (Throwable e) {
            System.err.println("MPI rank failed: " + e);
            e.printStackTrace();
            code = FAILED;
        }
        // the niodev device keeps non-daemon threads: a rank ends only by exiting
        System.exit(code);
    }

    private static int run(String[] args, Options options) throws Exception {
        MPI.Init(args);
        MpiSettings settings = MpiSettings.from(ConfigFactory.load());
        World world = World.get();
        int code;
        if (world.rank == Ranks.COORDINATOR) {
            if (options.gateway == null) {
                throw new IllegalArgumentException("rank 0 needs --gateway HOST:PORT");
            }
            code = Gateway.run(world.coordinator(settings), options.gateway);
        } else {
            code = new WorkerRank(world.world, world.p2p, settings.maxMessageBytes()).serve() ? 0 : FAILED;
        }
        if (code == 0) {
            MPI.Finalize();
        }
        return code;
    }
}
