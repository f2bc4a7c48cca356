package org.poolkit.render;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.poolkit.api.Mutability;
import org.poolkit.api.RemoteFunction;
import org.poolkit.api.RemoteObject;
import org.poolkit.api.WorkerPool;

/**
 * Runs a {@link RenderJob} on any {@link WorkerPool}: pushes the scene once, renders the tasks on the workers over
 * the pool's streaming {@code map} (idle workers take the next batch, so uneven tasks balance themselves) and
 * hands each result to {@link RenderJob#update} on the caller's thread as it arrives, with a progress report after
 * each.
 *
 * <p>A failing task stops the render with the pool's {@code WorkerException} naming the task; the pushed scene is
 * removed in every case, so the pool is left as it was found.
 *
 * @since 0.1
 */
public final class RenderEngine {

    private RenderEngine() {
    }

    /**
     * Renders a job on a pool.
     *
     * @param pool     the pool; left open
     * @param job      the job
     * @param listener receives progress reports
     * @param <S>      the scene
     * @param <T>      a task
     * @param <R>      a task's result
     */
    public static <S, T, R> void render(WorkerPool pool, RenderJob<S, T, R> job, ProgressListener listener) {
        Objects.requireNonNull(pool, "render: pool must not be null");
        Objects.requireNonNull(job, "render: job must not be null");
        Objects.requireNonNull(listener, "render: listener must not be null (use ProgressListener.NONE)");
        List<T> tasks = List.copyOf(job.tasks());
        TaskRenderer<S, T, R> renderer = Objects.requireNonNull(job.renderer(), "render: job.renderer() is null");
        long start = System.nanoTime();
        listener.onProgress(new Progress("sending the scene to " + pool.size() + " worker(s)", 0, tasks.size(),
                Duration.ZERO, null));
        try (RemoteObject<S> scene = pool.push(job.scene(), Mutability.READ_ONLY)) { // renderers only read it
            RemoteFunction<T, R> function = task -> renderer.render(scene.get(), task);
            int[] done = {0};
            listener.onProgress(new Progress("rendering " + tasks.size() + " tasks on " + pool.size()
                    + " worker(s)", 0, tasks.size(), elapsed(start), null));
            pool.map(function, tasks, (index, result) -> {
                job.update(tasks.get(index), result);
                done[0]++;
                Duration elapsed = elapsed(start);
                Duration remaining = elapsed.multipliedBy(tasks.size() - done[0]).dividedBy(done[0]);
                listener.onProgress(new Progress("rendered " + done[0] + " of " + tasks.size() + " tasks",
                        done[0], tasks.size(), elapsed, remaining));
            });
            listener.onProgress(new Progress("done", tasks.size(), tasks.size(), elapsed(start), Duration.ZERO));
        }
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
