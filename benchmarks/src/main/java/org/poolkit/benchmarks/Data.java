package org.poolkit.benchmarks;

import java.util.Arrays;

/** Test data of a given size. */
final class Data {

    /** Doubles per row of {@link #rows}. */
    static final int ROW = 1000;

    private Data() {
    }

    /** A {@code double[]} of {@code megabytes}·10⁶ bytes. */
    static double[] array(int megabytes) {
        double[] data = new double[megabytes * 125_000];
        Arrays.setAll(data, i -> i * 0.5);
        return data;
    }

    /** Rows of {@link #ROW} doubles, {@code megabytes}·10⁶ bytes in all. */
    static double[][] rows(int megabytes) {
        double[][] rows = new double[megabytes * 125][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = new double[ROW];
            Arrays.fill(rows[r], r);
        }
        return rows;
    }
}
