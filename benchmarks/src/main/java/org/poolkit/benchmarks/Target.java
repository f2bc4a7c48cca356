package org.poolkit.benchmarks;

import java.util.List;

/**
 * The operations every benchmark measures, on a poolkit pool or on the plain {@code ForkJoinPool} baseline.
 *
 * @since 0.1
 */
public interface Target extends AutoCloseable {

    /**
     * Returns a name for reports.
     *
     * @return e.g. {@code akka:workers=2}
     */
    String name();

    /**
     * Returns the number of workers.
     *
     * @return at least 1
     */
    int workers();

    /**
     * Runs a no-op on every worker and waits for all of them (a round trip).
     *
     * @return a value that depends on the run, against dead-code elimination
     */
    int applyNoop();

    /**
     * Maps the identity over the items and collects the results in order.
     *
     * @param items the items
     * @return the sum of the results
     */
    long mapNoop(List<Integer> items);

    /**
     * Gives every worker its own copy of an array, waits until each holds it, then frees the copies.
     *
     * @param data the array
     */
    void push(double[] data);

    /**
     * Gives every worker a contiguous block of rows, waits until each holds its block, then frees them.
     *
     * @param rows the rows
     */
    void scatter(double[][] rows);

    @Override
    void close();
}
