/**
 * A render engine written once on {@link org.poolkit.api.WorkerPool}, for any pool.
 *
 * <p>A {@link org.poolkit.render.RenderJob} says what to render: a scene (pushed to every worker once), a list of
 * tasks, a {@link org.poolkit.render.TaskRenderer} that renders one task on a worker, and an {@code update} that folds
 * each result in on the caller. {@link org.poolkit.render.RenderEngine#render} runs it over the pool's streaming
 * {@code map}: workers that finish early take the next batch, results are folded in as they arrive, and a
 * {@link org.poolkit.render.ProgressListener} hears after every task how far the render is and how long the rest
 * should take. For grids, {@link org.poolkit.render.Tiles} cuts the picture into tiles ordered along a Hilbert curve.
 *
 * <pre>{@code
 * try (WorkerPool pool = WorkerPools.create("akka:workers=4")) {
 *     RenderEngine.render(pool, job, progress -> System.err.println(progress.status()));
 * }
 * }</pre>
 *
 * <p>Thread safety: the engine is stateless; {@code update} and the listener are called on the caller's thread only.
 * A failing task stops the render with the pool's {@code WorkerException} naming it, and the scene is removed from
 * the workers whatever happens.
 */
package org.poolkit.render;
