package org.poolkit.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TilesTest {

    @Test
    void hilbertOrder_coversEveryPixelOnce() {
        for (int[] size : new int[][] {{1, 1}, {64, 64}, {200, 150}, {1024, 1024}, {65, 3}, {3, 300}}) {
            int[] hits = new int[size[0] * size[1]];
            List<Tile> tiles = Tiles.hilbertOrder(size[0], size[1], 64);
            for (int t = 0; t < tiles.size(); t++) {
                Tile tile = tiles.get(t);
                assertEquals(t, tile.index());
                for (int j = tile.y0(); j < tile.y0() + tile.height(); j++) {
                    for (int i = tile.x0(); i < tile.x0() + tile.width(); i++) {
                        hits[j * size[0] + i]++;
                    }
                }
            }
            for (int p = 0; p < hits.length; p++) {
                assertEquals(1, hits[p], "pixel " + p + " of " + size[0] + "x" + size[1]);
            }
        }
    }

    @Test
    void hilbertOrder_squarePowerOfTwo_consecutiveTilesAreNeighbours() {
        List<Tile> tiles = Tiles.hilbertOrder(1024, 1024, 64);
        assertEquals(256, tiles.size());
        for (int t = 1; t < tiles.size(); t++) {
            Tile a = tiles.get(t - 1);
            Tile b = tiles.get(t);
            int steps = Math.abs(a.x0() - b.x0()) / 64 + Math.abs(a.y0() - b.y0()) / 64;
            assertEquals(1, steps, "tiles " + (t - 1) + " and " + t + " are not edge neighbours");
        }
    }

    @Test
    void hilbertOrder_firstQuarterOfTilesFillsAQuadrant() {
        List<Tile> tiles = Tiles.hilbertOrder(512, 512, 64).subList(0, 16);
        assertTrue(tiles.stream().allMatch(t -> t.x0() < 256 && t.y0() < 256), tiles.toString());
    }

    @Test
    void hilbertOrder_badArguments_named() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tiles.hilbertOrder(10, 10, 0));
        assertTrue(e.getMessage().contains("tileSize (0)"), e.getMessage());
    }
}
