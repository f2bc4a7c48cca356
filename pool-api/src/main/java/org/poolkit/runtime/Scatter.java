package org.poolkit.runtime;

/**
 * How {@code scatterList} and {@code scatterArray} cut their input: contiguous blocks whose sizes differ by at
 * most one, the first {@code n % workers} blocks one longer.
 *
 * @since 0.1
 */
final class Scatter {

    private Scatter() {
    }

    /**
     * Returns the block boundaries.
     *
     * @param n       the number of elements
     * @param workers the number of blocks
     * @return {@code workers + 1} offsets; block {@code i} is {@code [b[i], b[i+1])}
     */
    static int[] bounds(int n, int workers) {
        int[] bounds = new int[workers + 1];
        int base = n / workers;
        int extra = n % workers;
        for (int w = 0; w < workers; w++) {
            bounds[w + 1] = bounds[w] + base + (w < extra ? 1 : 0);
        }
        return bounds;
    }
}
