package org.poolkit.runtime;

/**
 * Chooses how many items go into the next {@code map} batch (raysect's tasks-per-job idea): large enough that
 * cheap items do not cost one message each, small enough that the work stays balanced.
 *
 * <p>The first batches hold one item. Then the size aims at {@code targetNanos} of compute time per batch, from a
 * running mean of the cost per item measured by the workers, growing at most fourfold per batch and shrinking at
 * once. Near the end, batches shrink so that every worker still gets a share of what is left. A fixed size
 * replaces all of this. Not thread-safe: one sizer per map call. Public for pools that batch without the shared
 * runtime (the dummy pool).
 *
 * @since 0.3
 */
public final class BatchSizer {

    private final int fixed;
    private final double targetNanos;
    private final int cap;
    private double nanosPerItem = -1;
    private int current = 1;

    /**
     * Creates a sizer.
     *
     * @param fixed       a fixed batch size, or 0 for the adaptive size
     * @param targetNanos the compute time an adaptive batch aims at
     * @param cap         the largest batch
     */
    public BatchSizer(int fixed, long targetNanos, int cap) {
        this.fixed = fixed;
        this.targetNanos = targetNanos;
        this.cap = Math.max(1, cap);
    }

    /**
     * Returns the size of the next batch.
     *
     * @param remaining the items not yet handed out
     * @param workers   the number of live workers
     * @return the size, {@code 1 <= size <= remaining}
     */
    public int next(int remaining, int workers) {
        int size;
        if (fixed > 0) {
            size = fixed;
        } else {
            if (nanosPerItem >= 0) {
                double proposed = targetNanos / Math.max(nanosPerItem, 1.0);
                current = (int) Math.max(1, Math.min(proposed, current * 4.0));
            }
            int fairShare = (int) Math.ceil(remaining / (2.0 * Math.max(1, workers)));
            size = Math.min(current, Math.max(1, fairShare));
            size = Math.min(size, cap);
        }
        return Math.max(1, Math.min(size, remaining));
    }

    /**
     * Records what a batch cost on its worker.
     *
     * @param items        the batch's items
     * @param computeNanos the time its worker computed
     */
    public void observe(int items, long computeNanos) {
        if (items <= 0) {
            return;
        }
        double perItem = computeNanos / (double) items;
        nanosPerItem = nanosPerItem < 0 ? perItem : 0.5 * nanosPerItem + 0.5 * perItem;
    }
}
