package org.poolkit.benchmarks;

/**
 * One figure of a harness run.
 *
 * @param section  what was measured: {@code apply}, {@code map}, {@code push}, {@code scatter}, {@code kernel},
 *                 {@code render}
 * @param subject  who: a pool, the baseline, a peer, a kernel
 * @param param    the parameter (items, MB, workers, …), empty if none
 * @param unit     the unit of the figures
 * @param sample   the repeated measurements, in that unit
 * @param ratio    the median as a ratio to the baseline of its section and parameter (NaN when there is none)
 * @param note     a remark, empty if none
 * @since 0.1
 */
public record Result(String section, String subject, String param, String unit, Sample sample, double ratio,
                     String note) {
}
