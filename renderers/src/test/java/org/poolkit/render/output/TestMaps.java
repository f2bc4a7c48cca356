package org.poolkit.render.output;

import java.util.EnumMap;
import java.util.Map;

import org.poolkit.render.lens.Grid;
import org.poolkit.render.lens.LensMaps;
import org.poolkit.render.lens.Quantity;

/** Builds synthetic maps for the output tests. */
final class TestMaps {

    /** A value per pixel. */
    @FunctionalInterface
    interface PixelFunction {
        /**
         * Returns the value of pixel (i, j) at (x, y) arcsec.
         *
         * @param i        column
         * @param j        row
         * @param xArcsec  x of the column
         * @param yArcsec  y of the row
         * @return the value
         */
        double at(int i, int j, double xArcsec, double yArcsec);
    }

    private TestMaps() {
    }

    /** Fills a row-major array, pixel (i, j) at {@code j·nx + i}. */
    static double[] fill(Grid grid, PixelFunction f) {
        double[] values = new double[grid.pixels()];
        for (int j = 0; j < grid.ny(); j++) {
            for (int i = 0; i < grid.nx(); i++) {
                values[j * grid.nx() + i] = f.at(i, j, grid.x(i), grid.y(j));
            }
        }
        return values;
    }

    /** Maps with the given quantities, each from the same function. */
    static LensMaps of(Grid grid, PixelFunction f, Quantity... quantities) {
        Map<Quantity, double[]> maps = new EnumMap<>(Quantity.class);
        for (Quantity q : quantities) {
            maps.put(q, fill(grid, f));
        }
        return new LensMaps(grid, maps);
    }

    /**
     * A lens-like scene on a grid centred on the origin: invmag = 1 − r² (positive inside the unit circle, the
     * critical curve at r = 1 arcsec), kappa = 0.5/r (NaN at r = 0), image a ring of width 0.1 at r = 1.
     */
    static LensMaps ring(Grid grid, Quantity... quantities) {
        Map<Quantity, double[]> maps = new EnumMap<>(Quantity.class);
        for (Quantity q : quantities) {
            maps.put(q, fill(grid, (i, j, x, y) -> {
                double r = Math.hypot(x, y);
                return switch (q) {
                    case INVMAG -> 1 - r * r;
                    case KAPPA, DENSITY -> r == 0 ? Double.NaN : 0.5 / r;
                    case IMAGE -> Math.exp(-0.5 * Math.pow((r - 1) / 0.1, 2));
                    default -> x * y;
                };
            }));
        }
        return new LensMaps(grid, maps);
    }
}
