package org.poolkit.api;

import java.util.List;

/**
 * An exception thrown on a worker, rebuilt on the caller from its class name, message and stack frames. It is
 * the cause of a {@link WorkerException}; its own cause is the remote cause, if any, and its
 * {@link #getSuppressed() suppressed} exceptions are the remote suppressed ones.
 *
 * @since 0.1
 */
public final class RemoteFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** The remote exception's class name. */
    private final String remoteClassName;
    /** The remote exception's message. */
    private final String remoteMessage;

    /**
     * Creates a rebuilt remote exception.
     *
     * @param remoteClassName the remote exception's class name
     * @param remoteMessage   its message, possibly {@code null}
     * @param frames          its stack frames
     * @param cause           its rebuilt cause, or {@code null}
     */
    public RemoteFailure(String remoteClassName, String remoteMessage, StackTraceElement[] frames,
                         RemoteFailure cause) {
        this(remoteClassName, remoteMessage, frames, cause, List.of());
    }

    /**
     * Creates a rebuilt remote exception with the remote suppressed exceptions.
     *
     * @param remoteClassName the remote exception's class name
     * @param remoteMessage   its message, possibly {@code null}
     * @param frames          its stack frames ({@code null}: none)
     * @param cause           its rebuilt cause, or {@code null}
     * @param suppressed      its rebuilt suppressed exceptions, in order ({@code null}: none)
     * @since 0.3
     */
    public RemoteFailure(String remoteClassName, String remoteMessage, StackTraceElement[] frames,
                         RemoteFailure cause, List<RemoteFailure> suppressed) {
        super(remoteMessage == null ? remoteClassName : remoteClassName + ": " + remoteMessage, cause, true, true);
        this.remoteClassName = remoteClassName;
        this.remoteMessage = remoteMessage;
        setStackTrace(frames == null ? new StackTraceElement[0] : frames);
        for (RemoteFailure s : suppressed == null ? List.<RemoteFailure>of() : suppressed) {
            if (s != null && s != this) {
                addSuppressed(s);
            }
        }
    }

    /**
     * Returns the remote exception's class name.
     *
     * @return the fully qualified class name
     */
    public String remoteClassName() {
        return remoteClassName;
    }

    /**
     * Returns the remote exception's message.
     *
     * @return the message, possibly {@code null}
     */
    public String remoteMessage() {
        return remoteMessage;
    }
}
