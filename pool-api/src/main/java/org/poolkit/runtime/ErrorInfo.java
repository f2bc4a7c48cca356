package org.poolkit.runtime;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.poolkit.api.RemoteFailure;

/**
 * An exception as it travels from a worker: class name, message, stack frames and cause, all plain data so that
 * the caller needs none of the worker's classes.
 *
 * @param className the exception's class name
 * @param message   its message, possibly {@code null}
 * @param frames    its stack frames, innermost first
 * @param cause     its cause, or {@code null}
 * @since 0.1
 */
public record ErrorInfo(String className, String message, List<Frame> frames, ErrorInfo cause) {

    private static final int MAX_CAUSES = 16;

    /**
     * One stack frame.
     *
     * @param className  the declaring class
     * @param methodName the method
     * @param fileName   the source file, possibly {@code null}
     * @param lineNumber the line, negative when unknown
     */
    public record Frame(String className, String methodName, String fileName, int lineNumber) {
    }

    /**
     * Captures an exception and its causes.
     *
     * @param thrown the exception
     * @return its data
     */
    public static ErrorInfo of(Throwable thrown) {
        return of(thrown, new IdentityHashMap<>(), 0);
    }

    private static ErrorInfo of(Throwable thrown, Map<Throwable, Boolean> seen, int depth) {
        List<Frame> frames = new ArrayList<>();
        for (StackTraceElement e : thrown.getStackTrace()) {
            frames.add(new Frame(e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber()));
        }
        seen.put(thrown, Boolean.TRUE);
        Throwable cause = thrown.getCause();
        ErrorInfo causeInfo = cause == null || seen.containsKey(cause) || depth >= MAX_CAUSES ? null
                : of(cause, seen, depth + 1);
        return new ErrorInfo(thrown.getClass().getName(), thrown.getMessage(), frames, causeInfo);
    }

    /**
     * Rebuilds the exception on the caller.
     *
     * @return a {@link RemoteFailure} with this class name, message, frames and causes
     */
    public RemoteFailure toFailure() {
        StackTraceElement[] elements = new StackTraceElement[frames.size()];
        for (int i = 0; i < elements.length; i++) {
            Frame f = frames.get(i);
            elements[i] = new StackTraceElement(f.className(), f.methodName(), f.fileName(), f.lineNumber());
        }
        return new RemoteFailure(className, message, elements, cause == null ? null : cause.toFailure());
    }
}
