package org.poolkit.render;

import java.time.Duration;
import java.util.Optional;

/**
 * A progress report of a render: what is happening, how much is done and how long the rest should take.
 *
 * @param status  what is happening, for people
 * @param done    tasks finished
 * @param total   tasks in all
 * @param elapsed time since the render started
 * @param remaining estimated time left, from the rate so far; {@code null} until a task has finished
 * @since 0.1
 */
public record Progress(String status, int done, int total, Duration elapsed, Duration remaining) {

    /**
     * Returns the fraction done.
     *
     * @return {@code done / total}, 1 for an empty render
     */
    public double fraction() {
        return total == 0 ? 1.0 : (double) done / total;
    }

    /**
     * Returns the estimated time left, if known.
     *
     * @return the estimate, empty before the first task finishes
     */
    public Optional<Duration> eta() {
        return Optional.ofNullable(remaining);
    }
}
