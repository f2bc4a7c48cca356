package org.poolkit.examples.reducedbasis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.poolkit.api.RemoteObject;
import org.poolkit.api.WorkerLostException;
import org.poolkit.api.WorkerPool;
import org.poolkit.runtime.LoopbackPoolProvider;

/**
 * The program's logic in this JVM on {@code loopback} pools, whose workers {@link LoopbackPoolProvider#kill} ends
 * as {@code kill -9} ends a process: fast checks of the same promises as {@link WorkerLossTest}, of the recovery
 * with {@code --restore}, of the numbers of undisturbed runs and of the command line's exit codes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoopbackLossTest {

    private static final String REPLACING = "loopback:workers=2,replace=true";

    @Test
    void run_undisturbed_residualsFallAndOneAndTwoWorkersAgree() {
        Outcome one = Runs.inThisJvm("dummy");
        Outcome two = Runs.inThisJvm("loopback:workers=2");
        List<Double> residuals = one.residuals();
        assertEquals(Runs.ITERATIONS, residuals.size(), one.log());
        for (int n = 1; n < residuals.size(); n++) {
            assertTrue(residuals.get(n) < residuals.get(n - 1), "residuals fall: " + residuals);
        }
        assertTrue(residuals.get(residuals.size() - 1) < 1e-2 * residuals.get(0), "residuals fall: " + residuals);
        assertEquals(one.required("POINTS"), two.required("POINTS"));
        double a = Double.parseDouble(one.result());
        double b = Double.parseDouble(two.result());
        assertEquals(a, b, 1e-12 * a, "one worker and two agree");
        assertEquals(two.result(), Runs.inThisJvm("loopback:workers=2").result(), "a run repeats to the bit");
    }

    @Test
    void kill_betweenCallsReplacementJoined_lostNamingHandleAndWorker() throws Exception {
        Killer killer = new Killer(2, pool -> {
            awaitSize(pool, 2);
            assertEquals(List.of(0, 1), pool.apply(ctx -> ctx.incarnation()), "a fresh worker in place of worker 1");
        }, -1);
        Outcome run = killer.run(REPLACING, Greedy.Settings.of(Runs.ITERATIONS));
        run.lost("worker 1");
        assertEquals(3, run.residuals().size(), run.log());
    }

    @Test
    void kill_betweenCallsNoReplacement_lostNamingHandleAndWorker() throws Exception {
        Killer killer = new Killer(2, pool -> awaitSize(pool, 1), -1);
        killer.run("loopback:workers=2,replace=false", Greedy.Settings.of(Runs.ITERATIONS)).lost("worker 1");
    }

    @Test
    void kill_duringDeflation_lostNamingHandleAndWorker() throws Exception {
        Killer killer = new Killer(-1, pool -> { }, 3);
        Outcome run = killer.run(REPLACING, new Greedy.Settings(Runs.ITERATIONS, 3, 2000, false, Duration.ZERO));
        run.lost("worker 1");
        assertTrue(run.required("SLOW").startsWith("3 "), run.log());
        assertEquals(3, run.residuals().size(), run.log());
    }

    @Test
    void restore_killBetweenCallsThenDuringDeflation_undisturbedResultToTheBit() throws Exception {
        String undisturbed = Runs.inThisJvm("loopback:workers=2").result();
        Killer killer = new Killer(2, pool -> { }, 5);
        Outcome run = killer.run(REPLACING, new Greedy.Settings(Runs.ITERATIONS, 5, 2000, true, Runs.WAIT));
        assertEquals(undisturbed, run.result(), run.log());
        assertEquals("2", run.required("RECOVERIES"), run.log());
        assertEquals(2, run.lines().stream().filter(line -> line.startsWith("RECOVERING ")).count(), run.log());
        assertTrue(run.log().contains("RESTORED the originals and replayed 3 iterations"), run.log());
        assertTrue(run.log().contains("RESTORED the originals and replayed 5 iterations"), run.log());
    }

    @Test
    void restore_noReplacement_lostSayingWhyItCannotRecover() throws Exception {
        Killer killer = new Killer(2, pool -> { }, -1);
        Outcome run = killer.run("loopback:workers=2,replace=false",
                new Greedy.Settings(Runs.ITERATIONS, -1, 0, true, Duration.ofMillis(300)));
        String message = run.lost("worker 1");
        assertTrue(message.contains("cannot recover") && message.contains("no replacement"), message);
    }

    @Test
    void commandLine_badArguments_exitCode2AndHelpExitCode0() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, ReducedBasis.commandLine().setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .execute("--cols", "5", "--iterations", "6"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--iterations"), err.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, ReducedBasis.commandLine().setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .execute("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--pool"));
    }

    private static void awaitSize(WorkerPool pool, int size) {
        long deadline = System.nanoTime() + Runs.WAIT.toNanos();
        while (pool.size() != size) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the pool did not get to " + size + " workers within " + Runs.WAIT
                        + "; it has " + pool.size());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /**
     * The program's own printer, plus {@link LoopbackPoolProvider#kill} of worker 1: once when an iteration is done
     * (then an action on the pool), and once during an iteration's deflation (from another thread, 300 ms into
     * it; the run's settings make that deflation slow).
     */
    private static final class Killer implements Greedy.Listener {
        private final int afterIteration;
        private final Consumer<WorkerPool> thenDo;
        private final int duringDeflation;
        private Runs.Context context;
        private boolean killedAfter;
        private Thread killerThread;

        /**
         * @param afterIteration  kill when this iteration is done ({@code -1}: never), then run {@code thenDo}
         * @param thenDo          what to do after that kill
         * @param duringDeflation kill during this iteration's deflation ({@code -1}: never)
         */
        Killer(int afterIteration, Consumer<WorkerPool> thenDo, int duringDeflation) {
            this.afterIteration = afterIteration;
            this.thenDo = thenDo;
            this.duringDeflation = duringDeflation;
        }

        /** Runs the program's logic in this JVM with this listener; returns once the killer thread is done too. */
        Outcome run(String spec, Greedy.Settings settings) throws InterruptedException {
            Outcome outcome = Runs.inThisJvm(spec, settings, bound -> {
                context = bound;
                return this;
            });
            if (killerThread != null) {
                killerThread.join(10_000);
            }
            return outcome;
        }

        @Override
        public void distributed(RemoteObject<double[][]> blocks, RemoteObject<List<Point>> points) {
            context.printer().distributed(blocks, points);
        }

        @Override
        public void beforeDeflation(int iteration) {
            context.printer().beforeDeflation(iteration);
            if (iteration == duringDeflation && killerThread == null) {
                WorkerPool pool = context.pool();
                killerThread = new Thread(() -> {
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        return;
                    }
                    LoopbackPoolProvider.kill(pool, 1);
                }, "test-killer");
                killerThread.start();
            }
        }

        @Override
        public void iterationDone(Greedy.Step step) {
            context.printer().iterationDone(step);
            if (step.iteration() == afterIteration && !killedAfter) {
                killedAfter = true;
                LoopbackPoolProvider.kill(context.pool(), 1);
                thenDo.accept(context.pool());
            }
        }

        @Override
        public void recovering(WorkerLostException lost) {
            context.printer().recovering(lost);
        }

        @Override
        public void recovered(int replayed) {
            context.printer().recovered(replayed);
        }
    }
}
