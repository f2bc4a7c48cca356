package org.poolkit.render.lens;

import org.poolkit.render.Tile;

/** Computes the quantities of one tile on a worker. */
interface TileKernel {

    /**
     * Renders a tile.
     *
     * @param plane  the lens plane
     * @param tile   the tile
     * @param wanted by {@link Quantity} ordinal: which maps to fill
     * @return by {@link Quantity} ordinal: {@code tile.pixels()} values row-major, {@code null} where not wanted
     */
    double[][] render(LensPlane plane, Tile tile, boolean[] wanted);
}
