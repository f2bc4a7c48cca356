package org.poolkit.api;

/**
 * A failure of the pool: something could not be sent, stored, reached or decoded.
 *
 * @since 0.1
 */
public class PoolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what went wrong, naming the argument, worker, item or handle concerned
     */
    public PoolException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public PoolException(String message, Throwable cause) {
        super(message, cause);
    }
}
