package org.poolkit.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a grid into tiles ordered along a Hilbert curve: neighbouring tasks touch neighbouring pixels (locality on
 * the workers), and a progressive preview fills in evenly instead of row by row.
 *
 * @since 0.1
 */
public final class Tiles {

    private Tiles() {
    }

    /**
     * Cuts an {@code nx × ny} grid into square tiles (smaller at the right and top edges) in Hilbert order.
     *
     * @param nx       columns of the grid, at least 1
     * @param ny       rows of the grid, at least 1
     * @param tileSize the side of a tile in pixels, at least 1
     * @return every tile once; together they cover every pixel once
     * @throws IllegalArgumentException if an argument is below 1
     */
    public static List<Tile> hilbertOrder(int nx, int ny, int tileSize) {
        if (nx < 1 || ny < 1 || tileSize < 1) {
            throw new IllegalArgumentException("hilbertOrder: nx (" + nx + "), ny (" + ny + ") and tileSize ("
                    + tileSize + ") must be at least 1");
        }
        int tilesX = (nx + tileSize - 1) / tileSize;
        int tilesY = (ny + tileSize - 1) / tileSize;
        int side = 1;
        while (side < Math.max(tilesX, tilesY)) {
            side <<= 1;
        }
        List<Tile> tiles = new ArrayList<>(tilesX * tilesY);
        long cells = (long) side * side;
        for (long d = 0; d < cells; d++) {
            int[] xy = cell(side, d);
            if (xy[0] < tilesX && xy[1] < tilesY) {
                int x0 = xy[0] * tileSize;
                int y0 = xy[1] * tileSize;
                tiles.add(new Tile(tiles.size(), x0, y0, Math.min(tileSize, nx - x0), Math.min(tileSize, ny - y0)));
            }
        }
        return tiles;
    }

    /** The cell at distance {@code d} along the Hilbert curve filling a {@code side × side} square. */
    static int[] cell(int side, long d) {
        int x = 0;
        int y = 0;
        long t = d;
        for (int s = 1; s < side; s <<= 1) {
            int rx = (int) (1 & (t / 2));
            int ry = (int) (1 & (t ^ rx));
            if (ry == 0) {
                if (rx == 1) {
                    x = s - 1 - x;
                    y = s - 1 - y;
                }
                int swap = x;
                x = y;
                y = swap;
            }
            x += s * rx;
            y += s * ry;
            t /= 4;
        }
        return new int[] {x, y};
    }
}
