package org.poolkit.render.lens;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rendered maps of a scene: one row-major array per quantity (x the inner index: pixel (i, j) is element
 * {@code j·nx + i}), on the scene's grid.
 *
 * @since 0.1
 */
public final class LensMaps {

    private final Grid grid;
    private final EnumMap<Quantity, double[]> maps;

    /**
     * Wraps maps; the arrays are not copied.
     *
     * @param grid the grid
     * @param maps an array of {@code grid.pixels()} values per quantity
     * @throws IllegalArgumentException if an array has the wrong length
     */
    public LensMaps(Grid grid, Map<Quantity, double[]> maps) {
        this.grid = Objects.requireNonNull(grid, "grid");
        this.maps = maps.isEmpty() ? new EnumMap<>(Quantity.class) : new EnumMap<>(maps);
        this.maps.forEach((q, values) -> {
            if (values.length != grid.pixels()) {
                throw new IllegalArgumentException(q + ": " + values.length + " values for a grid of "
                        + grid.pixels() + " pixels");
            }
        });
    }

    /**
     * Returns the grid.
     *
     * @return the grid
     */
    public Grid grid() {
        return grid;
    }

    /**
     * Returns the quantities present.
     *
     * @return the quantities, in {@link Quantity} order
     */
    public Set<Quantity> quantities() {
        return Collections.unmodifiableSet(maps.keySet());
    }

    /**
     * Returns one quantity's map (the array itself).
     *
     * @param quantity the quantity
     * @return {@code grid.pixels()} values, row-major
     * @throws IllegalArgumentException if it was not rendered
     */
    public double[] get(Quantity quantity) {
        double[] values = maps.get(quantity);
        if (values == null) {
            throw new IllegalArgumentException("quantity " + quantity + " was not rendered; present: "
                    + maps.keySet());
        }
        return values;
    }

    /**
     * Returns one value.
     *
     * @param quantity the quantity
     * @param i        column
     * @param j        row
     * @return the value at pixel (i, j)
     */
    public double value(Quantity quantity, int i, int j) {
        return get(quantity)[j * grid.nx() + i];
    }
}
