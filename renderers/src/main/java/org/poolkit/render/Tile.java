package org.poolkit.render;


/**
 * A rectangle of an output grid: the unit of work of a grid renderer. Pixels {@code x0 ≤ i < x0 + width},
 * {@code y0 ≤ j < y0 + height}; a tile's own arrays are row-major with x the inner index.
 *
 * @param index  the tile's place in the render order (0, 1, …)
 * @param x0     first column
 * @param y0     first row
 * @param width  columns, at least 1
 * @param height rows, at least 1
 * @since 0.1
 */
public record Tile(int index, int x0, int y0, int width, int height) {

    /**
     * Checks the tile's extent.
     *
     * @param index as the record component
     * @param x0 as the record component
     * @param y0 as the record component
     * @param width as the record component
     * @param height as the record component
     * @throws IllegalArgumentException if a corner is negative or the tile is empty
     */
    public Tile {
        if (x0 < 0 || y0 < 0 || width < 1 || height < 1) {
            throw new IllegalArgumentException("tile " + index + ": corner (" + x0 + ", " + y0 + ") must not be"
                    + " negative and its size " + width + "x" + height + " must be at least 1x1");
        }
    }

    /**
     * Returns the number of pixels.
     *
     * @return {@code width * height}
     */
    public int pixels() {
        return width * height;
    }
}
