package org.poolkit.render;

import java.io.Serializable;

/**
 * Renders one task on a worker, given the scene that was pushed once for the whole render.
 *
 * <p>The scene is pushed {@link org.poolkit.api.Mutability#READ_ONLY}: a renderer only reads it (a cache it fills
 * lazily must give the same results whether it is full or empty), so a worker that replaces a lost one is given
 * the scene again and the render goes on.
 *
 * @param <S> the scene
 * @param <T> the task
 * @param <R> the task's result, sent back to the caller
 * @since 0.1
 */
@FunctionalInterface
public interface TaskRenderer<S, T, R> extends Serializable {

    /**
     * Renders one task.
     *
     * @param scene this worker's copy of the scene
     * @param task  the task
     * @return the result for {@link RenderJob#update}
     * @throws Exception any failure; the render stops and the caller gets it naming the task
     */
    R render(S scene, T task) throws Exception;
}
