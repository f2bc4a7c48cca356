package org.poolkit.mpi;

import java.time.Duration;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import mpi.MPI;

/**
 * The main class of the rank processes of a launched MPI world ({@code mpi:np=N}): rank 0 is the gateway to the
 * caller, the other ranks are workers. Started by the pool, not by users.
 */
public final class MpiRankMain {

    private MpiRankMain() {
    }

    /**
     * Runs one rank.
     *
     * @param args MPJ's {@code rank conf niodev}, then {@code --gateway HOST:PORT}
     */
    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (Throwable e) {
            System.err.println("MPI rank failed: " + e);
            e.printStackTrace();
            code = 3;
        }
        // the niodev device keeps non-daemon threads: a rank ends only by exiting
        System.exit(code);
    }

    private static int run(String[] args) throws Exception {
        MPI.Init(args);
        String gateway = null;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--gateway")) {
                gateway = args[i + 1];
            }
        }
        Config config = ConfigFactory.load();
        int maxMessage = (int) Math.min(Integer.MAX_VALUE - 64, config.getBytes("poolkit.mpi.max-message"));
        Duration heartbeat = config.getDuration("poolkit.mpi.heartbeat-timeout");
        World world = World.get();
        int code;
        if (world.rank == 0) {
            if (gateway == null) {
                throw new IllegalArgumentException("rank 0 needs --gateway HOST:PORT");
            }
            int colon = gateway.lastIndexOf(':');
            code = Gateway.run(world.coordinator(maxMessage, heartbeat), gateway.substring(0, colon),
                    Integer.parseInt(gateway.substring(colon + 1)));
        } else {
            code = new WorkerRank(world.world, world.p2p, maxMessage).serve() ? 0 : 3;
        }
        if (code == 0) {
            MPI.Finalize();
        }
        return code;
    }
}
