package org.poolkit.render.lens;


/**
 * The output grid on the lens plane, in arcsec: both corners are grid points (spacing
 * {@code (xmax − xmin)/(nx − 1)}), and arrays are row-major with x the inner index: pixel (i, j) is element
 * {@code j·nx + i}.
 *
 * @param xminArcsec left edge (first column)
 * @param xmaxArcsec right edge (last column), greater than xmin
 * @param yminArcsec bottom edge (first row)
 * @param ymaxArcsec top edge (last row), greater than ymin
 * @param nx         columns, at least 2
 * @param ny         rows, at least 2
 * @since 0.1
 */
public record Grid(double xminArcsec, double xmaxArcsec, double yminArcsec, double ymaxArcsec, int nx, int ny) {

    /** The most pixels a grid may have (one Java array per quantity). */
    public static final long MAX_PIXELS = Integer.MAX_VALUE - 8;

    /**
     * Checks the grid.
     *
     * @param xminArcsec as the record component
     * @param xmaxArcsec as the record component
     * @param yminArcsec as the record component
     * @param ymaxArcsec as the record component
     * @param nx as the record component
     * @param ny as the record component
     * @throws IllegalArgumentException if an edge is not finite, a maximum is not above its minimum, nx or ny is
     *                                  below 2, or there are more than {@link #MAX_PIXELS} pixels
     */
    public Grid {
        if (!Double.isFinite(xminArcsec) || !Double.isFinite(xmaxArcsec) || !Double.isFinite(yminArcsec)
                || !Double.isFinite(ymaxArcsec) || xmaxArcsec <= xminArcsec || ymaxArcsec <= yminArcsec) {
            throw new IllegalArgumentException("grid: need finite xmin < xmax and ymin < ymax, got x " + xminArcsec
                    + ".." + xmaxArcsec + ", y " + yminArcsec + ".." + ymaxArcsec);
        }
        if (nx < 2 || ny < 2 || (long) nx * ny > MAX_PIXELS) {
            throw new IllegalArgumentException("grid: nx and ny must be at least 2 and nx*ny at most " + MAX_PIXELS
                    + ", got " + nx + "x" + ny);
        }
    }

    /**
     * Returns the spacing of columns.
     *
     * @return (xmax − xmin)/(nx − 1) in arcsec
     */
    public double dxArcsec() {
        return (xmaxArcsec - xminArcsec) / (nx - 1);
    }

    /**
     * Returns the spacing of rows.
     *
     * @return (ymax − ymin)/(ny − 1) in arcsec
     */
    public double dyArcsec() {
        return (ymaxArcsec - yminArcsec) / (ny - 1);
    }

    /**
     * Returns the x coordinate of column {@code i}; the last column is exactly xmax.
     *
     * @param i column, 0 ≤ i &lt; nx
     * @return x in arcsec
     */
    public double x(int i) {
        return i == nx - 1 ? xmaxArcsec : xminArcsec + i * dxArcsec();
    }

    /**
     * Returns the y coordinate of row {@code j}; the last row is exactly ymax.
     *
     * @param j row, 0 ≤ j &lt; ny
     * @return y in arcsec
     */
    public double y(int j) {
        return j == ny - 1 ? ymaxArcsec : yminArcsec + j * dyArcsec();
    }

    /**
     * Returns the number of grid points.
     *
     * @return nx·ny
     */
    public int pixels() {
        return nx * ny;
    }
}
