package org.poolkit.api;

/**
 * A worker stopped answering, or its process ended, while a call needed it.
 *
 * @since 0.1
 */
public class WorkerLostException extends PoolException {

    private static final long serialVersionUID = 1L;

    /** The lost worker's index. */
    private final int worker;

    /**
     * Creates an exception.
     *
     * @param worker  the index of the lost worker
     * @param message what was lost and why
     */
    public WorkerLostException(int worker, String message) {
        super(message);
        this.worker = worker;
    }

    /**
     * Returns the lost worker.
     *
     * @return the index the worker had in the pool
     */
    public int worker() {
        return worker;
    }
}
