package org.poolkit.mpi;

import java.util.Map;

import com.typesafe.config.Config;
import org.poolkit.api.WorkerPool;
import org.poolkit.runtime.RuntimePool;
import org.poolkit.runtime.RuntimeSettings;
import org.poolkit.spi.PoolSpec;
import org.poolkit.spi.WorkerPoolProvider;

/**
 * The {@code mpi} pool on MPJ Express. {@code mpi:np=N} launches N ranks on this machine (niodev); plain
 * {@code mpi} inside a program started under {@code mpjrun} or {@link MpiRun} uses the ranks it was given: rank 0
 * gets the pool, the other ranks serve until it is closed. Rank 0 coordinates and does not compute:
 * {@code size()} is the number of ranks minus one.
 *
 * @since 0.1
 */
public final class MpiPoolProvider implements WorkerPoolProvider {

    /** The pool name. */
    public static final String ID = "mpi";

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public MpiPoolProvider() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Map<String, String> keys() {
        return RuntimeSettings.specKeysWith(Map.of(
                "np", "an integer from 2 to 256: launch this many MPI ranks here (rank 0 coordinates; size() = np - 1)",
                "finalize", "true or false (SPMD): whether close() ends the MPI world (default true)"));
    }

    @Override
    public WorkerPool create(PoolSpec spec, Config config) {
        RuntimeSettings settings = RuntimeSettings.from(spec, config);
        MpiSettings mpi = MpiSettings.from(config);
        boolean finalizeOnClose = spec.booleanValue("finalize").orElse(true);
        Integer np = spec.intValue("np", 2, 256).orElse(null);
        if (np != null) {
            LaunchedWorld world = LaunchedWorld.start(np, mpi);
            MpiLink link = new MpiLink(world.rankZero(), world::close);
            world.attach(link);
            return RuntimePool.overFrames(ID, link, settings);
        }
        if (!mpjOnClassPath()) {
            throw new IllegalArgumentException("pool spec '" + spec + "': without np=N the mpi pool uses the ranks"
                    + " of a program started under mpjrun or org.poolkit.mpi.MpiRun, and MPJ Express is not on this"
                    + " class path; to launch ranks from here use \"mpi:np=N\"");
        }
        return RuntimePool.overFrames(ID, Spmd.join(mpi, finalizeOnClose), settings);
    }

    private static boolean mpjOnClassPath() {
        try {
            Class.forName("mpi.MPI", false, MpiPoolProvider.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
