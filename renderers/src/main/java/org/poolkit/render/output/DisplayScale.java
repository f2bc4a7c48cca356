package org.poolkit.render.output;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;
import java.util.function.DoubleUnaryOperator;

import org.poolkit.render.lens.Quantity;

/**
 * How a preview turns one quantity's values into colours: the limits, linear or log10, the colour map, and the
 * colour bar's title and ticks. Values below {@code low} (or not positive, on a log scale) take the low-end
 * colour, values above {@code high} the high-end colour, NaN {@link #NAN_RGB}.
 *
 * @param low     the value at the low end of the colour map, positive on a log scale
 * @param high    the value at the high end, greater than {@code low}
 * @param log     whether positions are linear in log10 of the value
 * @param colours the colour map
 * @param title   the colour bar's title: quantity name, unit in brackets, "(log)" on a log scale
 */
record DisplayScale(double low, double high, boolean log, ColourMap colours, String title) {

    /** The colour of NaN values: mid grey, which none of the colour maps contains. */
    static final int NAN_RGB = 0x808080;

    /** At most this many values, evenly strided, are sorted to find percentiles. */
    private static final int PERCENTILE_SAMPLE = 4_000_000;

    /** The lowest limit of a log scale, relative to its highest. */
    private static final double LOG_RANGE = 1e-4;

    /** A tick of the colour bar: its place on the bar and its label. */
    record Tick(double position, String label) {
    }

    /**
     * Chooses the scale for a quantity (see the package documentation). NaN and infinite values never set a limit;
     * a uniform map gets limits around its value, so nothing divides by zero.
     *
     * @param quantity the quantity
     * @param values   its map
     * @return the scale
     */
    static DisplayScale of(Quantity quantity, double[] values) {
        String name = quantity.fileName() + (quantity.unit().isEmpty() ? "" : " [" + quantity.unit() + "]");
        switch (quantity) {
            case DENSITY, KAPPA -> {
                double[] positive = sortedSample(values, v -> Double.isFinite(v) && v > 0);
                if (positive.length > 0) {
                    double high = percentile(positive, 99.9);
                    double low = Math.max(high * LOG_RANGE, positive[0]);
                    if (!(high > low)) {
                        low = high / 10;
                        high = high * 10;
                    }
                    return new DisplayScale(low, high, true, ColourMap.VIRIDIS, name + " (log)");
                }
                return linear(values, 0.5, 99.5, ColourMap.VIRIDIS, name);
            }
            case INVMAG -> {
                double[] magnitudes = sortedSample(values, Double::isFinite, Math::abs);
                double limit = magnitudes.length == 0 ? 0 : percentile(magnitudes, 98);
                if (!(limit > 0) || !Double.isFinite(limit)) {
                    limit = 1;
                }
                return new DisplayScale(-limit, limit, false, ColourMap.DIVERGING, name);
            }
            case IMAGE -> {
                double[] finite = sortedSample(values, Double::isFinite);
                double high = finite.length == 0 ? 0 : finite[finite.length - 1];
                return new DisplayScale(0, high > 0 ? high : 1, false, ColourMap.INFERNO, name);
            }
            default -> {
                return linear(values, 0.5, 99.5, ColourMap.VIRIDIS, name);
            }
        }
    }

    private static DisplayScale linear(double[] values, double lowPercent, double highPercent, ColourMap colours,
                                      String title) {
        double[] finite = sortedSample(values, Double::isFinite);
        double low = finite.length == 0 ? 0 : percentile(finite, lowPercent);
        double high = finite.length == 0 ? 0 : percentile(finite, highPercent);
        if (!(high > low)) {
            double half = low == 0 ? 1 : Math.abs(low) * 0.1;
            low -= half;
            high += half;
        }
        return new DisplayScale(low, high, false, colours, title);
    }

    /**
     * Returns where a value falls on the colour map.
     *
     * @param value a value
     * @return 0 (low end) to 1 (high end), clamped; NaN for NaN
     */
    double position(double value) {
        if (Double.isNaN(value)) {
            return Double.NaN;
        }
        double t;
        if (log) {
            t = value <= 0 ? 0 : (Math.log10(value) - Math.log10(low)) / (Math.log10(high) - Math.log10(low));
        } else {
            t = (value - low) / (high - low);
        }
        return Math.min(1, Math.max(0, t));
    }

    /**
     * Returns a value's colour.
     *
     * @param value a value
     * @return 0xRRGGBB; {@link #NAN_RGB} for NaN
     */
    int rgb(double value) {
        double t = position(value);
        return Double.isNaN(t) ? NAN_RGB : colours.rgb(t);
    }

    /**
     * Returns the colour bar's ticks, low to high: "nice" values (1, 2 or 5 times a power of ten if that gives four
     * to six ticks, else 2.5, 4, 3, 1.5 or 7.5 times one; on a log scale decades, 1-3 or 1-2-5 sequences when one of
     * them gives four to six ticks, else linear nice values), or five evenly spaced values if nothing nice fits.
     *
     * @return the ticks, positions ascending
     */
    List<Tick> ticks() {
        List<Tick> ticks = new ArrayList<>();
        if (log) {
            for (int[] mantissas : new int[][] {{1}, {1, 3}, {1, 2, 5}}) {
                ticks.clear();
                for (int e = (int) Math.floor(Math.log10(low)); e <= (int) Math.ceil(Math.log10(high)); e++) {
                    for (int m : mantissas) {
                        double v = m * Math.pow(10, e);
                        if (v >= low * (1 - 1e-12) && v <= high * (1 + 1e-12)) {
                            ticks.add(new Tick(position(v), compact(v)));
                        }
                    }
                }
                if (ticks.size() >= 4 && ticks.size() <= 6) {
                    return ticks;
                }
            }
            ticks.clear();
        }
        double step = niceStep(low, high);
        if (Double.isNaN(step)) {
            for (int k = 0; k <= 4; k++) {
                double v = low + (high - low) * k / 4;
                ticks.add(new Tick(position(v), compact(v)));
            }
            return ticks;
        }
        String format = format(step, Math.max(Math.abs(low), Math.abs(high)));
        for (long k = (long) Math.ceil(low / step - 1e-9); k <= (long) Math.floor(high / step + 1e-9); k++) {
            double v = k * step;
            ticks.add(new Tick(position(v), label(v, format)));
        }
        return ticks;
    }

    /**
     * The nicest step giving four to six ticks: 1, 2 or 5 times a power of ten, else 2.5, 4, 3, 1.5 or 7.5 times
     * one. As consecutive candidates differ by at most 1.5 times, one of them always fits; NaN only for ranges
     * too narrow for doubles.
     */
    private static double niceStep(double low, double high) {
        double base = Math.pow(10, Math.floor(Math.log10((high - low) / 5)));
        for (double m : new double[] {1, 2, 5, 2.5, 4, 3, 1.5, 7.5}) {
            for (double scale : new double[] {0.1, 1, 10}) {
                double step = m * base * scale;
                long count = (long) Math.floor(high / step + 1e-9) - (long) Math.ceil(low / step - 1e-9) + 1;
                if (count >= 4 && count <= 6) {
                    return step;
                }
            }
        }
        return Double.NaN;
    }

    /** A printf format whose precision shows multiples of {@code step} exactly ("%.2f", or "%.1e" for extremes). */
    private static String format(double step, double largest) {
        int stepExponent = (int) Math.floor(Math.log10(step) + 1e-9);
        boolean fraction = Math.abs(step / Math.pow(10, stepExponent) - Math.rint(step / Math.pow(10, stepExponent)))
                > 1e-6;
        int decimals = Math.max(0, -stepExponent + (fraction ? 1 : 0));
        if (largest >= 1e5 || decimals > 4) {
            int largestExponent = (int) Math.floor(Math.log10(largest));
            return "%." + Math.max(0, largestExponent - stepExponent + (fraction ? 1 : 0)) + "e";
        }
        return "%." + decimals + "f";
    }

    private static String label(double v, String format) {
        if (v == 0 && format.endsWith("e")) {
            return "0";
        }
        return String.format(Locale.ROOT, format, v).replace("e+0", "e").replace("e-0", "e-").replace("e+", "e");
    }

    /**
     * Formats a tick label with three significant digits, trailing zeros dropped, in scientific notation outside
     * [0.001, 1e5).
     *
     * @param v the value
     * @return e.g. {@code 0.001}, {@code 316}, {@code 2.5e-5}
     */
    static String compact(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e5) {
            return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros()
                    .toPlainString();
        }
        return label(v, "%.2e").replaceAll("\\.?0+e", "e");
    }

    /** A sorted copy of the values that pass, strided to at most {@link #PERCENTILE_SAMPLE} of them. */
    private static double[] sortedSample(double[] values, DoublePredicate keep) {
        return sortedSample(values, keep, v -> v);
    }

    /** The same, each kept value transformed before the one sort. */
    private static double[] sortedSample(double[] values, DoublePredicate keep, DoubleUnaryOperator transform) {
        int stride = Math.max(1, (int) ((values.length + (long) PERCENTILE_SAMPLE - 1) / PERCENTILE_SAMPLE));
        double[] sample = new double[(values.length + stride - 1) / stride];
        int n = 0;
        for (int k = 0; k < values.length; k += stride) {
            if (keep.test(values[k])) {
                sample[n++] = transform.applyAsDouble(values[k]);
            }
        }
        double[] kept = Arrays.copyOf(sample, n);
        Arrays.sort(kept);
        return kept;
    }

    /** The percentile of sorted values, interpolating linearly between ranks. */
    private static double percentile(double[] sorted, double percent) {
        double rank = percent / 100 * (sorted.length - 1);
        int k = (int) Math.floor(rank);
        if (k >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        double v = sorted[k] + (sorted[k + 1] - sorted[k]) * (rank - k);
        return Double.isFinite(v) ? v : sorted[k];
    }
}
