package org.poolkit.examples.reducedbasis;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.poolkit.api.RemoteObject;
import org.poolkit.api.WorkerLostException;
import org.poolkit.api.WorkerPool;

/**
 * The command's {@link Greedy.Listener}: prints the handles and every iteration, announces the slow iteration, and
 * pauses after the iteration asked for until a file exists, printing the pool's size whenever it changes meanwhile
 * ({@code WORKERS n}: a lost worker, a replacement that joined).
 */
class Printer implements Greedy.Listener {

    private final PrintStream out;
    private final WorkerPool pool;
    private final Greedy.Settings settings;
    private final int pauseAfter;
    private final Path pauseFile;
    private final long pauseTimeoutMillis;

    /**
     * Creates the printer.
     *
     * @param out                where the lines go
     * @param pool               the pool the loop runs on (its size is watched during the pause)
     * @param settings           the loop's settings (for the slow iteration)
     * @param pauseAfter         the iteration after which to pause, {@code -1} for none
     * @param pauseFile          the file that ends the pause
     * @param pauseTimeoutMillis the longest pause
     */
    Printer(PrintStream out, WorkerPool pool, Greedy.Settings settings, int pauseAfter, Path pauseFile,
            long pauseTimeoutMillis) {
        this.out = out;
        this.pool = pool;
        this.settings = settings;
        this.pauseAfter = pauseAfter;
        this.pauseFile = pauseFile;
        this.pauseTimeoutMillis = pauseTimeoutMillis;
    }

    @Override
    public void distributed(RemoteObject<double[][]> blocks, RemoteObject<List<Point>> points) {
        out.println("HANDLE snapshots " + blocks);
        out.println("HANDLE points " + points);
    }

    @Override
    public void beforeDeflation(int iteration) {
        if (iteration == settings.slowIteration()) {
            out.println("SLOW " + iteration + " the deflation sleeps " + settings.slowMillis() + " ms on every worker");
        }
    }

    @Override
    public void iterationDone(Greedy.Step step) {
        out.println("ITERATION " + step.iteration() + " residual=" + step.maxResidual() + " column="
                + step.point().column() + " point=" + step.point().row() + " owner=" + step.owner());
        if (step.iteration() == pauseAfter) {
            pause(step.iteration());
        }
    }

    @Override
    public void recovering(WorkerLostException lost) {
        out.println("RECOVERING from: " + ReducedBasis.oneLine(lost.getMessage()));
    }

    @Override
    public void recovered(int replayed) {
        out.println("RESTORED the originals and replayed " + replayed + " iterations");
    }

    private void pause(int iteration) {
        out.println("PAUSED " + iteration + " until " + pauseFile + " exists");
        long deadline = System.nanoTime() + pauseTimeoutMillis * 1_000_000;
        int seen = size();
        out.println("WORKERS " + seen);
        while (!Files.exists(pauseFile)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("paused after iteration " + iteration + " for " + pauseTimeoutMillis
                        + " ms and " + pauseFile + " did not appear");
            }
            int now = seen == 0 ? 0 : size();
            if (now != seen) {
                out.println("WORKERS " + now);
                seen = now;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while paused after iteration " + iteration, e);
            }
        }
    }

    /** The pool's size; 0 once the pool closed itself (an MPI world ends with the loss of a rank). */
    private int size() {
        try {
            return pool.size();
        } catch (IllegalStateException closed) {
            return 0;
        }
    }
}
