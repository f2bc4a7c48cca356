package org.poolkit.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolkit.api.WorkerContext;
import org.poolkit.api.WorkerException;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;
import org.poolkit.conformance.LeakCheck;

/** The render engine on a real multi-worker pool ({@code akka:workers=2}). */
@ExtendWith(LeakCheck.class)
class RenderEngineTest {

    /** Squares a task, offset by the scene; records what it got. */
    private static final class SquareJob implements RenderJob<long[], Integer, Long> {
        final int tasks;
        final int failAt;
        final long[] results;

        SquareJob(int tasks, int failAt) {
            this.tasks = tasks;
            this.failAt = failAt;
            this.results = new long[tasks];
        }

        @Override
        public long[] scene() {
            return new long[] {1000};
        }

        @Override
        public List<Integer> tasks() {
            return IntStream.range(0, tasks).boxed().toList();
        }

        @Override
        public TaskRenderer<long[], Integer, Long> renderer() {
            int fail = failAt;
            return (scene, task) -> {
                if (task == fail) {
                    throw new IllegalStateException("task " + task + " cannot be rendered");
                }
                return scene[0] + (long) task * task;
            };
        }

        @Override
        public void update(Integer task, Long result) {
            results[task] = result;
        }
    }

    @Test
    void render_everyTaskUpdatedOnceWithProgressAndEta() {
        List<Progress> reports = new ArrayList<>();
        SquareJob job = new SquareJob(500, -1);
        try (WorkerPool pool = WorkerPools.create("akka:workers=2")) {
            RenderEngine.render(pool, job, reports::add);
            assertEquals(List.of(0, 0), pool.apply(WorkerContext::objectCount), "scene removed after the render");
        }
        for (int t = 0; t < 500; t++) {
            assertEquals(1000 + (long) t * t, job.results[t], "task " + t);
        }
        Progress last = reports.get(reports.size() - 1);
        assertEquals(1.0, last.fraction());
        assertEquals("done", last.status());
        assertTrue(reports.get(0).eta().isEmpty(), "no estimate before any task finished");
        double previous = -1;
        int withEta = 0;
        for (Progress p : reports) {
            assertTrue(p.fraction() >= previous, "fraction never goes back");
            previous = p.fraction();
            withEta += p.done() > 0 && p.eta().isPresent() ? 1 : 0;
        }
        assertEquals(500 + 1, withEta, "an estimate after every finished task and at the end");
    }

    @Test
    void render_failingTask_namedAndPoolStillUsable() {
        try (WorkerPool pool = WorkerPools.create("akka:workers=2")) {
            WorkerException e = assertThrows(WorkerException.class,
                    () -> RenderEngine.render(pool, new SquareJob(100, 37), ProgressListener.NONE));
            assertTrue(e.getMessage().contains("37"), e.getMessage());
            assertTrue(e.getMessage().contains("cannot be rendered"), e.getMessage());
            assertEquals(List.of(0, 0), pool.apply(WorkerContext::objectCount), "scene removed after the failure");
            SquareJob again = new SquareJob(10, -1);
            RenderEngine.render(pool, again, ProgressListener.NONE);
            assertEquals(1081, again.results[9]);
        }
    }

    @Test
    void render_nullArguments_named() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> RenderEngine.render(null, new SquareJob(1, -1), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("pool"), e.getMessage());
    }
}
