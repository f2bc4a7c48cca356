package org.poolkit.render.lens;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.poolkit.api.WorkerContext;
import org.poolkit.render.Tile;

/**
 * The single-precision kernel: {@code lens.cl} through JOCL on the worker's OpenCL device, one work-item per pixel.
 *
 * <p>The host converts the {@link LensPlane} in double to device units ({@link OpenClPlane}: lengths from the grid
 * centre in units of the lens scale, Σ in units of Σcr, the logarithms' constants kept aside) and multiplies the
 * float results back in double, so the maps have the units and layout {@link JvmKernel} returns.
 *
 * <p>Worker {@code i} (of {@link WorkerContext#current()}; 0 outside a pool function) uses device
 * {@code i mod devices} and keeps one session (context, queue, program, kernel, buffers) in a static map, made on
 * its first tile and kept until {@link #releaseThisWorker()} or {@link #releaseAll()}. Several workers of one JVM
 * render at once, each on its own session; a session is used under its own monitor, one thread at a time.
 */
final class OpenClKernel implements TileKernel {

    static final OpenClKernel INSTANCE = new OpenClKernel();

    private static final Map<Integer, OpenClSession> SESSIONS = new ConcurrentHashMap<>();

    private OpenClKernel() {
    }

    /**
     * Checks that this machine has an OpenCL device, listing the devices once.
     *
     * @throws OpenClUnavailableException saying what is missing (loader, platform, device) and how to install it
     */
    static void checkAvailable() {
        OpenClDevices.all();
    }

    /**
     * Releases the calling worker's session, if it has one; for {@code pool.apply(context -> ...)}.
     *
     * @return {@code null}
     * @throws IllegalStateException if OpenCL reported an error while releasing (the session is gone anyway)
     */
    static Void releaseThisWorker() {
        release(SESSIONS.remove(workerIndex()));
        return null;
    }

    /**
     * Releases every session of this JVM.
     *
     * @throws IllegalStateException if OpenCL reported an error while releasing (all sessions are gone anyway)
     */
    static void releaseAll() {
        List<RuntimeException> failures = new ArrayList<>();
        for (Integer index : List.copyOf(SESSIONS.keySet())) {
            try {
                release(SESSIONS.remove(index));
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    /** Returns the number of open sessions in this JVM. */
    static int sessionCount() {
        return SESSIONS.size();
    }

    private static void release(OpenClSession session) {
        if (session != null) {
            synchronized (session) {
                session.release();
            }
        }
    }

    /** Returns the calling worker's index, or 0 outside a pool function. */
    static int workerIndex() {
        try {
            WorkerContext context = WorkerContext.current();
            return context == null ? 0 : context.workerIndex();
        } catch (IllegalStateException e) {
            return 0;
        }
    }

    @Override
    public double[][] render(LensPlane plane, Tile tile, boolean[] wanted) {
        int index = workerIndex();
        while (true) {
            OpenClSession session = SESSIONS.computeIfAbsent(index, OpenClSession::open);
            synchronized (session) {
                if (!session.isReleased()) {
                    return session.render(plane, tile, wanted);
                }
            }
            // released by another thread between lookup and lock: drop it from the map if still there, retry
            SESSIONS.remove(index, session);
        }
    }
}
