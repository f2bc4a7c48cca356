package org.poolkit.examples.reducedbasis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

import org.poolkit.api.RemoteObject;
import org.poolkit.api.WorkerLostException;
import org.poolkit.api.WorkerPool;

/**
 * The greedy loop of a reduced-basis code, with its state on the workers (as pyMOR's greedy algorithms keep it).
 *
 * <p>The snapshot matrix is scattered by rows ({@link WorkerPool#scatterArray}: worker {@code w} holds a block of
 * grid points of every snapshot) and every worker gets its own list of recorded points ({@link WorkerPool#push}).
 * Both are {@link org.poolkit.api.Mutability#STATEFUL}, the default: the blocks are deflated in place, and a list
 * grows on the worker that owns a point. Each iteration makes three calls:
 * <ol>
 *   <li>{@code apply}: every worker computes its {@link GramPiece} (its part of {@code U^T U} and its largest
 *       entries); the caller sums the pieces and picks the column {@code k} with the largest residual norm
 *       {@code sqrt(G[k][k])}, and the row where that column's residual is largest in magnitude;</li>
 *   <li>{@code apply}: every worker deflates its block against column {@code k} in place (one Gram–Schmidt
 *       step, {@code u_j -= (G[k][j] / G[k][k]) u_k} for every column {@code j}), which zeroes column {@code k};</li>
 *   <li>{@code applyOnly(owner, ...)}: the worker that owns that row records the {@link Point}.</li>
 * </ol>
 * At the end one more {@code apply} gives the norm of what is left, and one collects the recorded points.
 *
 * <p><b>A lost worker.</b> The state lives only on the workers: when one of them is lost, the caller cannot tell
 * what its block had become from the snapshots it holds. poolkit makes every later call that uses the blocks or the
 * points fail with a {@link WorkerLostException} naming the handle and the worker, instead of letting a replacement
 * start from the original snapshots and the loop go on with silently wrong numbers. By default the loop lets that
 * exception through. With {@link Settings#restore()} it recovers instead, from what the caller does know: the
 * original snapshots and the log of its own steps (each iteration's column and coefficients). It waits for the
 * pool to regain its size (a replacement), gives every worker the originals again ({@link WorkerPool#restore}),
 * replays the deflations and records of the finished iterations, and goes on: the blocks are cut as before and
 * the sums added in the same order, so the result is the very one of an undisturbed run.
 */
final class Greedy {

    /** How many losses a run with {@link Settings#restore()} recovers from before it gives up. */
    static final int MAX_RECOVERIES = 3;

    private final WorkerPool pool;
    private final Settings settings;
    private final Listener listener;
    private final int cols;
    private final int workers;
    private final int[] offsets;
    private final RemoteObject<double[][]> blocks;
    private final RemoteObject<List<Point>> recorded;
    /** The caller's log of the finished iterations: what a recovery replays. */
    private final List<Step> steps = new ArrayList<>();
    private int recoveries;

    private Greedy(WorkerPool pool, Settings settings, Listener listener, int rows, int cols,
                   RemoteObject<double[][]> blocks, RemoteObject<List<Point>> recorded) {
        this.pool = pool;
        this.settings = settings;
        this.listener = listener;
        this.cols = cols;
        this.workers = pool.size();
        this.offsets = blockOffsets(rows, workers);
        this.blocks = blocks;
        this.recorded = recorded;
    }

    /**
     * How the loop runs.
     *
     * @param iterations    the number of greedy iterations, {@code 1 <= iterations <= cols}
     * @param slowIteration the iteration whose deflation sleeps {@code slowMillis} on every worker before it
     *                      changes the block ({@code -1}: none), so that a worker can be lost during a call; a
     *                      replayed deflation does not sleep
     * @param slowMillis    how long that deflation sleeps
     * @param restore       whether to recover from a lost worker by restoring and replaying (see {@link Greedy})
     *                      instead of failing
     * @param regainTimeout how long a recovery waits for the pool to regain its size
     */
    record Settings(int iterations, int slowIteration, long slowMillis, boolean restore, Duration regainTimeout) {

        /** Settings of an undisturbed run that fails on a loss. */
        static Settings of(int iterations) {
            return new Settings(iterations, -1, 0, false, Duration.ZERO);
        }
    }

    /**
     * One greedy iteration, as the caller saw it.
     *
     * @param iteration    the iteration, from 0
     * @param maxResidual  the largest residual norm over the columns before the deflation
     * @param point        the point it chose
     * @param owner        the worker that owns the point's row and recorded it
     * @param coefficients the deflation's coefficients (the column is {@code point.column()})
     */
    record Step(int iteration, double maxResidual, Point point, int owner, double[] coefficients) {
    }

    /**
     * What the loop found.
     *
     * @param steps         the iterations, in order
     * @param points        the points as the workers recorded them, by iteration
     * @param finalResidual the Frobenius norm of the residuals after the last iteration
     * @param checksum      the sum of every iteration's largest residual norm and the final residual: one number
     *                      that changes if any block or any step came out differently
     * @param recoveries    how many losses the run recovered from
     */
    record Result(List<Step> steps, List<Point> points, double finalResidual, double checksum, int recoveries) {
    }

    /** Hears of the loop's progress on the caller's thread. */
    interface Listener {

        /**
         * The snapshots were scattered and the point lists pushed.
         *
         * @param blocks the handle of the scattered snapshots
         * @param points the handle of the workers' point lists
         */
        default void distributed(RemoteObject<double[][]> blocks, RemoteObject<List<Point>> points) {
        }

        /**
         * An iteration is about to deflate the blocks.
         *
         * @param iteration the iteration
         */
        default void beforeDeflation(int iteration) {
        }

        /**
         * An iteration is complete: the blocks are deflated and the point is recorded.
         *
         * @param step the iteration
         */
        default void iterationDone(Step step) {
        }

        /**
         * A worker holding the loop's state was lost and the loop recovers ({@link Settings#restore()}).
         *
         * @param lost what the pool said
         */
        default void recovering(WorkerLostException lost) {
        }

        /**
         * The loop recovered: the originals are restored and the finished iterations replayed.
         *
         * @param replayed the number of iterations replayed
         */
        default void recovered(int replayed) {
        }
    }

    /**
     * Runs the loop. The snapshots' handles are removed when it returns or throws.
     *
     * @param pool      the pool
     * @param snapshots the snapshot matrix, rows by columns; not changed
     * @param settings  how to run
     * @param listener  hears of the progress
     * @return what the loop found
     * @throws WorkerLostException if a worker holding a block or a point list was lost (and, with
     *                             {@link Settings#restore()}, the loop could not recover)
     */
    static Result run(WorkerPool pool, double[][] snapshots, Settings settings, Listener listener) {
        try (RemoteObject<double[][]> blocks = pool.scatterArray(snapshots);
             RemoteObject<List<Point>> recorded = pool.push(new ArrayList<Point>())) {
            listener.distributed(blocks, recorded);
            return new Greedy(pool, settings, listener, snapshots.length, snapshots[0].length, blocks, recorded)
                    .loop();
        }
    }

    private Result loop() {
        for (int n = 0; n < settings.iterations(); n++) {
            int iteration = n;
            Step step = recoverable(() -> iterate(iteration));
            steps.add(step);
            listener.iterationDone(step);
        }
        double[] gram = recoverable(this::gram);
        double trace = 0;
        for (int j = 0; j < cols; j++) {
            trace += gram[j * cols + j];
        }
        double finalResidual = Math.sqrt(trace);
        List<Point> points = recoverable(this::collectPoints);
        double checksum = finalResidual;
        for (Step step : steps) {
            checksum += step.maxResidual();
        }
        return new Result(List.copyOf(steps), points, finalResidual, checksum, recoveries);
    }

    /** One iteration: the Gram pieces, the choice, the deflation, the record. */
    private Step iterate(int n) {
        List<GramPiece> pieces = pieces();
        double[] gram = sum(pieces);
        int k = largestDiagonal(gram);
        double gkk = gram[k * cols + k];
        if (!(gkk > 0)) {
            throw new IllegalStateException("iteration " + n + ": every residual is zero; the snapshots span at"
                    + " most " + n + " dimensions (ask for fewer iterations)");
        }
        int owner = ownerOf(pieces, k);
        Point point = new Point(n, offsets[owner] + pieces.get(owner).largestRow()[k], k,
                pieces.get(owner).largest()[k]);
        double[] coefficients = new double[cols];
        for (int j = 0; j < cols; j++) {
            coefficients[j] = (j <= k ? gram[j * cols + k] : gram[k * cols + j]) / gkk;
        }
        Step step = new Step(n, Math.sqrt(gkk), point, owner, coefficients);
        listener.beforeDeflation(n);
        apply(step, n == settings.slowIteration() ? settings.slowMillis() : 0);
        return step;
    }

    /** Applies a step to the workers' state: deflates every block, records the point on its owner. */
    private void apply(Step step, long sleepMillis) {
        RemoteObject<double[][]> blocks = this.blocks;
        RemoteObject<List<Point>> recorded = this.recorded;
        int k = step.point().column();
        double[] coefficients = step.coefficients();
        Point point = step.point();
        pool.apply(ctx -> {
            Thread.sleep(sleepMillis);
            deflate(blocks.get(), k, coefficients);
            return blocks.get().length;
        });
        pool.applyOnly(step.owner(), ctx -> {
            recorded.get().add(point);
            return recorded.get().size();
        });
    }

    private List<GramPiece> pieces() {
        RemoteObject<double[][]> blocks = this.blocks;
        int cols = this.cols;
        return pool.apply(ctx -> GramPiece.of(blocks.get(), cols));
    }

    private double[] gram() {
        return sum(pieces());
    }

    /** The points as the workers recorded them; they must be exactly the caller's steps. */
    private List<Point> collectPoints() {
        RemoteObject<List<Point>> recorded = this.recorded;
        List<Point> points = new ArrayList<>();
        for (List<Point> list : pool.apply(ctx -> new ArrayList<>(recorded.get()))) {
            points.addAll(list);
        }
        points.sort(Comparator.comparingInt(Point::iteration));
        List<Point> expected = steps.stream().map(Step::point).toList();
        if (!expected.equals(points)) {
            throw new IllegalStateException("the workers recorded " + points.size() + " points, not the "
                    + expected.size() + " the loop chose: " + points + " vs " + expected);
        }
        return List.copyOf(points);
    }

    /**
     * Runs {@code work}; on a lost worker, without {@link Settings#restore()}, lets the exception through, else
     * recovers and runs it again (at most {@value #MAX_RECOVERIES} times in a run).
     */
    private <T> T recoverable(Supplier<T> work) {
        while (true) {
            try {
                return work.get();
            } catch (WorkerLostException lost) {
                if (!settings.restore() || recoveries == MAX_RECOVERIES) {
                    throw lost;
                }
                recoveries++;
                listener.recovering(lost);
                recover(lost); // a loss during the recovery itself ends the run
            }
        }
    }

    /** Waits for the pool's size, restores both handles, and replays the finished iterations. */
    private void recover(WorkerLostException lost) {
        long deadline = System.nanoTime() + settings.regainTimeout().toNanos();
        for (int size = sizeAfter(lost); size != workers; size = sizeAfter(lost)) {
            if (System.nanoTime() > deadline) {
                throw new WorkerLostException(lost.worker(), "cannot recover: the pool has " + size + " workers,"
                        + " not the " + workers + " it had when the snapshots were scattered, after "
                        + settings.regainTimeout().toMillis() + " ms (no replacement joined: use replace=true, or"
                        + " scatter again over the pool as it is now); the loss: " + lost.getMessage());
            }
            sleep(20);
        }
        pool.restore(blocks);
        pool.restore(recorded);
        for (Step step : steps) {
            apply(step, 0);
        }
        listener.recovered(steps.size());
    }

    /** The pool's size; a pool that closed itself (an MPI world ends with a rank) cannot recover. */
    private int sizeAfter(WorkerLostException lost) {
        try {
            return pool.size();
        } catch (IllegalStateException closed) {
            throw new WorkerLostException(lost.worker(), "cannot recover: " + closed.getMessage() + "; the loss: "
                    + lost.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the pool to regain its size", e);
        }
    }

    /** One Gram–Schmidt step in place: {@code row[j] -= c[j] * row[k]} for every row; {@code c[k] = 1}. */
    static void deflate(double[][] block, int k, double[] coefficients) {
        for (double[] row : block) {
            double rk = row[k];
            for (int j = 0; j < row.length; j++) {
                row[j] -= coefficients[j] * rk;
            }
        }
    }

    /** The pieces' sum, added in worker order. */
    private static double[] sum(List<GramPiece> pieces) {
        double[] total = pieces.get(0).upper().clone();
        for (int w = 1; w < pieces.size(); w++) {
            double[] piece = pieces.get(w).upper();
            for (int i = 0; i < total.length; i++) {
                total[i] += piece[i];
            }
        }
        return total;
    }

    /** The column with the largest diagonal entry; the first of equal ones. */
    private int largestDiagonal(double[] gram) {
        int best = 0;
        for (int j = 1; j < cols; j++) {
            if (gram[j * cols + j] > gram[best * cols + best]) {
                best = j;
            }
        }
        return best;
    }

    /** The worker whose block holds column k's entry of largest magnitude; the first of equal ones. */
    private static int ownerOf(List<GramPiece> pieces, int k) {
        int owner = -1;
        for (int w = 0; w < pieces.size(); w++) {
            GramPiece piece = pieces.get(w);
            if (piece.largestRow()[k] >= 0
                    && (owner < 0 || Math.abs(piece.largest()[k]) > Math.abs(pieces.get(owner).largest()[k]))) {
                owner = w;
            }
        }
        return owner;
    }

    /**
     * The first row of every worker's block, as {@link WorkerPool#scatterArray} cuts it: contiguous blocks, the
     * first {@code rows % workers} one row longer.
     */
    static int[] blockOffsets(int rows, int workers) {
        int[] offsets = new int[workers];
        for (int w = 1; w < workers; w++) {
            offsets[w] = offsets[w - 1] + rows / workers + (w - 1 < rows % workers ? 1 : 0);
        }
        return offsets;
    }
}
