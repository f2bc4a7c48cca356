package org.poolkit.runtime;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.poolkit.api.RemoteFailure;

/**
 * An exception as it travels from a worker: class name, message, stack frames, cause and suppressed exceptions,
 * all plain data so that the caller needs none of the worker's classes.
 *
 * <p>Capturing never fails, whatever the user's {@link Throwable} does: a part that cannot be read is recorded
 * as what happened instead. A {@code getMessage()} that throws gives the message
 * {@code "<getMessage() threw java.lang.NullPointerException>"}; a {@code getStackTrace()}, {@code getCause()} or
 * {@code getSuppressed()} that throws adds what it threw as a suppressed exception whose message says which part
 * it was; {@code null} stack frames are left out; a cause already captured above (a cycle) is recorded as a
 * {@code "[circular reference]"} stand-in. Causes are followed 16 levels deep, each exception
 * keeps at most 8 suppressed ones and 1024 frames, and one capture holds at
 * most 64 exceptions; what is cut is said in a stand-in's message.
 *
 * @param className  the exception's class name
 * @param message    its message, possibly {@code null}
 * @param frames     its stack frames, innermost first
 * @param cause      its cause, or {@code null}
 * @param suppressed its suppressed exceptions, possibly empty
 * @since 0.1
 */
public record ErrorInfo(String className, String message, List<Frame> frames, ErrorInfo cause,
                        List<ErrorInfo> suppressed) {

    /** How many causes deep a capture follows. */
    static final int MAX_DEPTH = 16;
    /** How many suppressed exceptions one exception keeps. */
    static final int MAX_SUPPRESSED = 8;
    /** How many stack frames one exception keeps. */
    static final int MAX_FRAMES = 1024;
    /** How many exceptions (causes and suppressed, at every level) one capture holds at most. */
    static final int MAX_EXCEPTIONS = 64;

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
     * Creates the data of an exception; {@code null} lists are read as empty.
     *
     * @param className  the exception's class name
     * @param message    its message, possibly {@code null}
     * @param frames     its stack frames, innermost first
     * @param cause      its cause, or {@code null}
     * @param suppressed its suppressed exceptions
     */
    public ErrorInfo {
        frames = frames == null ? new ArrayList<>() : frames;
        suppressed = suppressed == null ? new ArrayList<>() : suppressed;
    }

    /**
     * Creates the data of an exception without suppressed exceptions.
     *
     * @param className the exception's class name
     * @param message   its message, possibly {@code null}
     * @param frames    its stack frames, innermost first
     * @param cause     its cause, or {@code null}
     */
    public ErrorInfo(String className, String message, List<Frame> frames, ErrorInfo cause) {
        this(className, message, frames, cause, null);
    }

    /**
     * Captures an exception, its causes and its suppressed exceptions. Never throws (see the class comment), short
     * of running out of memory while it builds the data.
     *
     * @param thrown the exception
     * @return its data
     */
    public static ErrorInfo of(Throwable thrown) {
        if (thrown == null) {
            return new ErrorInfo("<null>", "<no exception was given>", null, null);
        }
        try {
            return new Capture().of(thrown, 0);
        } catch (Throwable e) {
            // not expected: the capture guards every call into the user's exception
            return new ErrorInfo(thrown.getClass().getName(), "<the exception could not be captured: "
                    + e.getClass().getName() + ">", null, null);
        }
    }

    /** One capture: the exceptions met so far (for cycles) and what is left of the budget. */
    private static final class Capture {
        private final Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        private int left = MAX_EXCEPTIONS;

        ErrorInfo of(Throwable thrown, int depth) {
            left--;
            seen.put(thrown, Boolean.TRUE);
            String className = thrown.getClass().getName();
            List<ErrorInfo> suppressed = new ArrayList<>();
            String message;
            try {
                message = thrown.getMessage();
            } catch (Throwable e) {
                message = "<getMessage() threw " + e.getClass().getName() + ">";
            }
            List<Frame> frames = new ArrayList<>();
            try {
                StackTraceElement[] elements = thrown.getStackTrace();
                for (int i = 0; elements != null && i < elements.length && frames.size() < MAX_FRAMES; i++) {
                    StackTraceElement e = elements[i];
                    if (e != null) {
                        frames.add(new Frame(e.getClassName(), e.getMethodName(), e.getFileName(),
                                e.getLineNumber()));
                    }
                }
            } catch (Throwable e) {
                suppressed.add(partFailed("getStackTrace()", className, e, depth));
            }
            ErrorInfo cause = null;
            try {
                cause = related(thrown.getCause(), depth, "cause");
            } catch (Throwable e) {
                suppressed.add(partFailed("getCause()", className, e, depth));
            }
            try {
                Throwable[] others = thrown.getSuppressed();
                int kept = 0;
                for (int i = 0; others != null && i < others.length; i++) {
                    if (others[i] == null) {
                        continue;
                    }
                    if (kept == MAX_SUPPRESSED) {
                        suppressed.add(cut(others[i], "<" + (others.length - i)
                                + " more suppressed exceptions left out>"));
                        break;
                    }
                    suppressed.add(related(others[i], depth, "suppressed exception"));
                    kept++;
                }
            } catch (Throwable e) {
                suppressed.add(partFailed("getSuppressed()", className, e, depth));
            }
            return new ErrorInfo(className, message, frames, cause, suppressed);
        }

        /** A cause or suppressed exception: captured, or a stand-in for a cycle or what is beyond the bounds. */
        private ErrorInfo related(Throwable other, int depth, String what) {
            if (other == null) {
                return null;
            }
            if (seen.containsKey(other)) {
                return cut(other, "[circular reference: this " + what + " was already captured above]");
            }
            if (depth + 1 >= MAX_DEPTH || left <= 0) {
                return cut(other, "<" + what + " left out: a captured exception holds at most " + MAX_DEPTH
                        + " levels and " + MAX_EXCEPTIONS + " exceptions>");
            }
            return of(other, depth + 1);
        }

        /** What a part of an exception threw when it was read, as a suppressed exception of that exception. */
        private ErrorInfo partFailed(String part, String className, Throwable thrown, int depth) {
            ErrorInfo info = related(thrown, depth, part + " failure");
            String where = part + " of " + className + " threw this";
            String detail = info.message() == null ? where : where + ": " + info.message();
            return new ErrorInfo(info.className(), detail, info.frames(), info.cause(), info.suppressed());
        }

        private static ErrorInfo cut(Throwable thrown, String message) {
            return new ErrorInfo(thrown.getClass().getName(), message, null, null);
        }
    }

    /**
     * Rebuilds the exception on the caller.
     *
     * @return a {@link RemoteFailure} with this class name, message, frames, causes and suppressed exceptions
     */
    public RemoteFailure toFailure() {
        StackTraceElement[] elements = new StackTraceElement[frames.size()];
        for (int i = 0; i < elements.length; i++) {
            Frame f = frames.get(i);
            elements[i] = new StackTraceElement(String.valueOf(f.className()), String.valueOf(f.methodName()),
                    f.fileName(), f.lineNumber());
        }
        List<RemoteFailure> rebuilt = new ArrayList<>(suppressed.size());
        for (ErrorInfo s : suppressed) {
            rebuilt.add(s.toFailure());
        }
        return new RemoteFailure(className, message, elements, cause == null ? null : cause.toFailure(), rebuilt);
    }
}
