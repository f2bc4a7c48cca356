package org.poolkit.api;

/**
 * A bounded wait ended before what it waited for arrived. The message says what that was.
 *
 * @since 0.1
 */
public class PoolTimeoutException extends PoolException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what was awaited, for how long, and from which workers
     */
    public PoolTimeoutException(String message) {
        super(message);
    }
}
