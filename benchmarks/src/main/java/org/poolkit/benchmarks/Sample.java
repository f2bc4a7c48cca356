package org.poolkit.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Repeated measurements of one figure: the median, and the spread as the lowest and highest value.
 *
 * @param values the measurements, in any order
 * @since 0.1
 */
public record Sample(List<Double> values) {

    /**
     * Copies the values.
     *
     * @param values as the record component
     * @throws IllegalArgumentException if there are none
     */
    public Sample {
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a sample needs at least one value");
        }
    }

    /**
     * Returns the median.
     *
     * @return the middle value (the mean of the two middle ones for an even count)
     */
    public double median() {
        List<Double> sorted = sorted();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * Returns the lowest value.
     *
     * @return the minimum
     */
    public double min() {
        return sorted().get(0);
    }

    /**
     * Returns the highest value.
     *
     * @return the maximum
     */
    public double max() {
        return sorted().get(values.size() - 1);
    }

    /**
     * Returns a quantile.
     *
     * @param q between 0 and 1
     * @return the value at that quantile (nearest rank)
     */
    public double quantile(double q) {
        List<Double> sorted = sorted();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
    }

    /**
     * Applies a function to every value (for example seconds → MB/s).
     *
     * @param f the function
     * @return the transformed sample
     */
    public Sample map(java.util.function.DoubleUnaryOperator f) {
        return new Sample(values.stream().map(v -> f.applyAsDouble(v)).toList());
    }

    private List<Double> sorted() {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted;
    }
}
