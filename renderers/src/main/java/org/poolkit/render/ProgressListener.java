package org.poolkit.render;

/**
 * Receives progress reports of a render on the caller's thread (GRALE's feedback object).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores every report. */
    ProgressListener NONE = progress -> { };

    /**
     * Takes one report; called when the render starts, after each finished task and when it ends.
     *
     * @param progress the report
     */
    void onProgress(Progress progress);
}
