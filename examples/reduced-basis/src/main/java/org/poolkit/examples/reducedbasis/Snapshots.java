package org.poolkit.examples.reducedbasis;

import java.util.Random;

/**
 * The snapshot matrix of the example: column {@code j} is a smooth function of space sampled on {@code rows} grid
 * points, for a parameter {@code mu_j}, plus a little noise; rows are grid points, columns are parameters.
 *
 * <p>{@code u(x; mu) = 1 / (1 + mu (x - 0.7)^2) + exp(-mu x) cos(3 pi x)}, with {@code x = i / (rows - 1)} and the
 * parameters log-spaced over {@code [1, 1000]} with a seeded jitter, plus noise of standard deviation
 * {@value #NOISE}. The functions depend smoothly on {@code mu}, so a few columns span the others well and the
 * greedy residuals fall fast, down to the noise.
 *
 * <p>Everything comes from the seed through {@link java.util.Random}, whose sequence the Java specification fixes:
 * the same seed gives the same bits on every JVM.
 */
final class Snapshots {

    /** The standard deviation of the noise added to every entry. */
    static final double NOISE = 1e-6;

    private Snapshots() {
    }

    /**
     * Generates the snapshot matrix.
     *
     * @param rows the number of grid points, {@code >= 1}
     * @param cols the number of parameters, {@code >= 1}
     * @param seed the seed of the parameter jitter and the noise
     * @return a new {@code rows x cols} matrix, row-major
     */
    static double[][] generate(int rows, int cols, long seed) {
        Random random = new Random(seed);
        double[] mu = new double[cols];
        for (int j = 0; j < cols; j++) {
            mu[j] = Math.pow(1000.0, (j + random.nextDouble()) / cols);
        }
        double[][] u = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            double x = rows == 1 ? 0 : i / (rows - 1.0);
            for (int j = 0; j < cols; j++) {
                double d = x - 0.7;
                u[i][j] = 1.0 / (1.0 + mu[j] * d * d) + Math.exp(-mu[j] * x) * Math.cos(3 * Math.PI * x)
                        + NOISE * random.nextGaussian();
            }
        }
        return u;
    }
}
