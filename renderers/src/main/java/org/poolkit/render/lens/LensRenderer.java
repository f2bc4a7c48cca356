package org.poolkit.render.lens;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.poolkit.api.WorkerPool;
import org.poolkit.render.ProgressListener;
import org.poolkit.render.RenderEngine;
import org.poolkit.render.RenderJob;
import org.poolkit.render.TaskRenderer;
import org.poolkit.render.Tile;
import org.poolkit.render.Tiles;

/**
 * Renders the lens-plane maps of a scene (deflection, its derivatives, potential, mass density, convergence,
 * inverse magnification, lensed image) on any pool, with the JVM or the OpenCL kernel. The scene is pushed once as a
 * {@link LensPlane}; tiles of {@link #TILE_SIZE}² pixels in Hilbert order are the tasks.
 *
 * <p>Asking only for {@code density} and {@code kappa} makes it the mass-density renderer.
 *
 * @since 0.1
 */
public final class LensRenderer {

    /** Side of a tile, in pixels. */
    public static final int TILE_SIZE = 64;

    private LensRenderer() {
    }

    /**
     * Renders a scene.
     *
     * @param pool       the pool; left open
     * @param scene      the scene
     * @param kernel     where workers compute
     * @param quantities what to render, at least one; {@code image} needs a source in the scene
     * @param listener   progress reports
     * @return the maps of the requested quantities
     * @throws IllegalArgumentException if no quantity is asked for, or {@code image} without a source
     */
    public static LensMaps render(WorkerPool pool, Scene scene, Kernel kernel, Set<Quantity> quantities,
                                  ProgressListener listener) {
        Objects.requireNonNull(pool, "render: pool must not be null");
        Objects.requireNonNull(scene, "render: scene must not be null");
        Objects.requireNonNull(kernel, "render: kernel must not be null");
        checkQuantities(scene, quantities);
        if (kernel == Kernel.OPENCL) {
            OpenClKernel.checkAvailable();
        }
        Job job = new Job(LensPlane.of(scene), kernel, EnumSet.copyOf(quantities));
        try {
            RenderEngine.render(pool, job, listener);
        } finally {
            if (kernel == Kernel.OPENCL) {
                pool.apply(context -> OpenClKernel.releaseThisWorker());
            }
        }
        return new LensMaps(scene.grid(), job.maps);
    }

    /**
     * Checks a request before any work starts.
     *
     * @param scene      the scene
     * @param quantities the quantities
     * @throws IllegalArgumentException if the set is empty, or {@code image} is asked for without a source
     */
    public static void checkQuantities(Scene scene, Set<Quantity> quantities) {
        Objects.requireNonNull(quantities, "render: quantities must not be null");
        if (quantities.isEmpty()) {
            throw new IllegalArgumentException("render: ask for at least one quantity; allowed: "
                    + List.of(Quantity.values()));
        }
        if (quantities.contains(Quantity.IMAGE) && scene.source() == null) {
            throw new IllegalArgumentException("render: quantity image needs a source in the scene (\"source\": "
                    + "{\"type\": \"gaussian\", …}); the scene has none");
        }
    }

    /** Renders a tile with a kernel, keeping the wanted quantities. */
    private record TileRenderer(Kernel kernel, boolean[] wanted) implements TaskRenderer<LensPlane, Tile, double[][]> {
        @Override
        public double[][] render(LensPlane plane, Tile tile) {
            return kernel.tileKernel().render(plane, tile, wanted);
        }
    }

    private static final class Job implements RenderJob<LensPlane, Tile, double[][]> {
        private final LensPlane plane;
        private final Kernel kernel;
        private final boolean[] wanted = new boolean[Quantity.COUNT];
        private final Map<Quantity, double[]> maps = new EnumMap<>(Quantity.class);

        Job(LensPlane plane, Kernel kernel, Set<Quantity> quantities) {
            this.plane = plane;
            this.kernel = kernel;
            for (Quantity q : quantities) {
                wanted[q.ordinal()] = true;
                maps.put(q, new double[plane.grid().pixels()]);
            }
        }

        @Override
        public LensPlane scene() {
            return plane;
        }

        @Override
        public List<Tile> tasks() {
            return Tiles.hilbertOrder(plane.grid().nx(), plane.grid().ny(), TILE_SIZE);
        }

        @Override
        public TaskRenderer<LensPlane, Tile, double[][]> renderer() {
            return new TileRenderer(kernel, wanted.clone());
        }

        @Override
        public void update(Tile tile, double[][] result) {
            int nx = plane.grid().nx();
            maps.forEach((q, map) -> {
                double[] part = result[q.ordinal()];
                for (int row = 0; row < tile.height(); row++) {
                    System.arraycopy(part, row * tile.width(), map, (tile.y0() + row) * nx + tile.x0(),
                            tile.width());
                }
            });
        }
    }
}
