package org.poolkit.api;

import java.util.List;

/**
 * A function threw on a worker. Carries where it happened (worker, item) and what was thrown there.
 *
 * <p>The remote exception itself does not travel (its class may not exist on the caller); its class name,
 * message and stack frames do, and {@link #getCause()} is a {@link RemoteFailure} that prints them, followed by
 * the remote causes and suppressed exceptions. Capturing them on the worker never fails: a part of the remote
 * exception that could not be read (a {@code getMessage()} that throws, say) is described instead.
 *
 * @since 0.1
 */
public class WorkerException extends PoolException {

    private static final long serialVersionUID = 1L;

    /** The worker that threw. */
    private final int worker;
    /** The item index, or -1. */
    private final int itemIndex;
    /** The remote exception's class name. */
    private final String remoteClassName;
    /** The remote exception's message. */
    private final String remoteMessage;

    /**
     * Creates an exception from a remote failure.
     *
     * @param worker    the worker that ran the function
     * @param itemIndex the index of the item in {@code map}, or -1 for {@code apply} and {@code applyOnly}
     * @param failure   the remote exception, as rebuilt on the caller
     */
    public WorkerException(int worker, int itemIndex, RemoteFailure failure) {
        super(describe(worker, itemIndex, failure), failure);
        this.worker = worker;
        this.itemIndex = itemIndex;
        this.remoteClassName = failure.remoteClassName();
        this.remoteMessage = failure.remoteMessage();
    }

    private static String describe(int worker, int itemIndex, RemoteFailure failure) {
        String where = itemIndex < 0 ? "worker " + worker : "worker " + worker + " failed on item " + itemIndex;
        return (itemIndex < 0 ? where + " failed" : where) + ": " + failure.getMessage();
    }

    /**
     * Returns the worker that threw.
     *
     * @return the worker index
     */
    public int worker() {
        return worker;
    }

    /**
     * Returns the item on which the function threw.
     *
     * @return the item's index in the list given to {@code map}, or -1 when not from {@code map}
     */
    public int itemIndex() {
        return itemIndex;
    }

    /**
     * Returns the class of the exception thrown on the worker.
     *
     * @return its fully qualified name, e.g. {@code java.lang.ArithmeticException}
     */
    public String remoteClassName() {
        return remoteClassName;
    }

    /**
     * Returns the message of the exception thrown on the worker.
     *
     * @return the remote message, possibly {@code null}
     */
    public String remoteMessage() {
        return remoteMessage;
    }

    /**
     * Returns the stack frames of the exception thrown on the worker.
     *
     * @return the remote frames, innermost first
     */
    public List<StackTraceElement> remoteStackTrace() {
        return List.of(getCause().getStackTrace());
    }
}
