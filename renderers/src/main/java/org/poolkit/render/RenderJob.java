package org.poolkit.render;

import java.util.List;

/**
 * What a render engine runs: a scene pushed once to every worker, tasks rendered on the workers, and results
 * folded in on the caller as they arrive (raysect's tasks → render → update).
 *
 * @param <S> the scene, sent to each worker once
 * @param <T> a task
 * @param <R> a task's result
 * @since 0.1
 */
public interface RenderJob<S, T, R> {

    /**
     * Returns the scene; {@link RenderEngine} pushes it once and removes it when the render ends.
     *
     * @return the scene
     */
    S scene();

    /**
     * Returns the tasks in the order they should be handed out.
     *
     * @return the tasks
     */
    List<T> tasks();

    /**
     * Returns the function that renders a task on a worker; it must not capture caller-side state.
     *
     * @return the task renderer
     */
    TaskRenderer<S, T, R> renderer();

    /**
     * Folds one result in; called on the caller's thread, once per task, in completion order.
     *
     * @param task   the task
     * @param result its result
     */
    void update(T task, R result);
}
