package org.poolkit.examples.reducedbasis;

import java.util.Arrays;

/**
 * What one worker computes from its block of rows in every iteration: its piece of the Gram matrix
 * {@code G = U^T U} of the residuals, and per column the entry of largest magnitude in its block.
 *
 * <p>The caller sums the pieces of all workers in worker order; summed in the same order, the same blocks give
 * the same bits.
 *
 * @param cols        the number of columns
 * @param upper       the upper triangle of the block's Gram matrix, row-major in a {@code cols x cols} array
 *                    ({@code upper[a * cols + b]} for {@code a <= b}; the rest is 0)
 * @param largest     per column, the entry of the block with the largest magnitude (0 for an empty block)
 * @param largestRow  per column, the row of that entry within the block ({@code -1} for an empty block)
 */
record GramPiece(int cols, double[] upper, double[] largest, int[] largestRow) {

    /**
     * Computes the piece of a block of rows.
     *
     * @param block the rows this worker holds
     * @param cols  the number of columns (a worker whose block is empty cannot read it from the rows)
     * @return the block's piece
     */
    static GramPiece of(double[][] block, int cols) {
        double[] upper = new double[cols * cols];
        double[] largest = new double[cols];
        int[] largestRow = new int[cols];
        Arrays.fill(largestRow, -1);
        for (int i = 0; i < block.length; i++) {
            double[] row = block[i];
            for (int a = 0; a < cols; a++) {
                double ra = row[a];
                int base = a * cols;
                for (int b = a; b < cols; b++) {
                    upper[base + b] += ra * row[b];
                }
                if (largestRow[a] < 0 || Math.abs(ra) > Math.abs(largest[a])) {
                    largest[a] = ra;
                    largestRow[a] = i;
                }
            }
        }
        return new GramPiece(cols, upper, largest, largestRow);
    }

    /**
     * Returns the entry {@code (a, b)} of the Gram matrix, symmetric.
     *
     * @param a a column
     * @param b a column
     * @return {@code G[a][b]}
     */
    double entry(int a, int b) {
        return a <= b ? upper[a * cols + b] : upper[b * cols + a];
    }
}
