package org.poolkit.render.lens;

import org.poolkit.render.Tile;

/** The double-precision kernel: {@link LensPlane#evaluate} at every pixel of the tile. */
final class JvmKernel implements TileKernel {

    static final JvmKernel INSTANCE = new JvmKernel();

    private JvmKernel() {
    }

    @Override
    public double[][] render(LensPlane plane, Tile tile, boolean[] wanted) {
        int n = Quantity.COUNT;
        double[][] maps = new double[n][];
        for (int q = 0; q < n; q++) {
            maps[q] = wanted[q] ? new double[tile.pixels()] : null;
        }
        Grid grid = plane.grid();
        double[] point = new double[n];
        for (int row = 0; row < tile.height(); row++) {
            double y = grid.y(tile.y0() + row);
            for (int col = 0; col < tile.width(); col++) {
                plane.evaluate(grid.x(tile.x0() + col), y, point);
                int p = row * tile.width() + col;
                for (int q = 0; q < n; q++) {
                    if (maps[q] != null) {
                        maps[q][p] = point[q];
                    }
                }
            }
        }
        return maps;
    }
}
