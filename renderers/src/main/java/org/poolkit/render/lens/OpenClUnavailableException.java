package org.poolkit.render.lens;

/**
 * Thrown when the OpenCL kernel ({@link Kernel#OPENCL}) cannot run on this machine: there is no OpenCL loader
 * ({@code libOpenCL.so.1}), no OpenCL platform (installable client driver), or no device. The message says what is
 * missing and how to install it; {@link Kernel#JVM} needs nothing.
 *
 * @since 0.1
 */
public class OpenClUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is missing and how to fix it
     * @param cause   what the OpenCL binding threw, or {@code null}
     */
    public OpenClUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
