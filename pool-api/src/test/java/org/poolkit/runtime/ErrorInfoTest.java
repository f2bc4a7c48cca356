package org.poolkit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.poolkit.api.RemoteFailure;

/** Capturing a user's exception never fails, whatever the exception does. */
class ErrorInfoTest {

    /** An exception whose every overridable part throws. */
    static final class Hostile extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int generation;

        Hostile(int generation) {
            this.generation = generation;
        }

        @Override
        public String getMessage() {
            throw new NullPointerException("no message " + generation);
        }

        @Override
        public String getLocalizedMessage() {
            throw new IllegalStateException("no localized message");
        }

        @Override
        public String toString() {
            throw new IllegalStateException("no text");
        }

        @Override
        public StackTraceElement[] getStackTrace() {
            throw new UnsupportedOperationException("no frames");
        }

        @Override
        public synchronized Throwable getCause() {
            throw new Hostile(generation + 1); // a new one each time: only the bounds end this
        }
    }

    @Test
    void of_getMessageThrows_recordsWhatHappened() {
        RuntimeException e = new RuntimeException() {
            private static final long serialVersionUID = 1L;

            @Override
            public String getMessage() {
                throw new NullPointerException();
            }
        };
        ErrorInfo info = ErrorInfo.of(e);
        assertEquals("<getMessage() threw java.lang.NullPointerException>", info.message());
        assertTrue(info.frames().size() > 0, "the frames are still read");
        assertEquals(info.message(), info.toFailure().remoteMessage());
    }

    @Test
    void of_toStringAndLocalizedMessageThrow_messageStillRead() {
        RuntimeException e = new IllegalArgumentException("plain message") {
            private static final long serialVersionUID = 1L;

            @Override
            public String getLocalizedMessage() {
                throw new IllegalStateException();
            }

            @Override
            public String toString() {
                throw new IllegalStateException();
            }
        };
        ErrorInfo info = ErrorInfo.of(e);
        assertEquals("plain message", info.message());
        assertPrints(info.toFailure());
    }

    @Test
    void of_getStackTraceThrows_recordedAsSuppressed() {
        RuntimeException e = new RuntimeException("frames fail") {
            private static final long serialVersionUID = 1L;

            @Override
            public StackTraceElement[] getStackTrace() {
                throw new UnsupportedOperationException("no frames here");
            }
        };
        ErrorInfo info = ErrorInfo.of(e);
        assertEquals("frames fail", info.message());
        assertEquals(List.of(), info.frames());
        assertEquals(1, info.suppressed().size());
        ErrorInfo why = info.suppressed().get(0);
        assertEquals(UnsupportedOperationException.class.getName(), why.className());
        assertContains(why.message(), "getStackTrace() of " + e.getClass().getName() + " threw this: no frames here");
    }

    @Test
    void of_getStackTraceWithNullsOrNull_keepsTheRest() {
        StackTraceElement real = new StackTraceElement("a.B", "run", "B.java", 3);
        RuntimeException withNulls = new RuntimeException("nulls") {
            private static final long serialVersionUID = 1L;

            @Override
            public StackTraceElement[] getStackTrace() {
                return new StackTraceElement[] {null, real, null};
            }
        };
        assertEquals(List.of(new ErrorInfo.Frame("a.B", "run", "B.java", 3)), ErrorInfo.of(withNulls).frames());
        RuntimeException nullArray = new RuntimeException("null array") {
            private static final long serialVersionUID = 1L;

            @Override
            public StackTraceElement[] getStackTrace() {
                return null;
            }
        };
        assertEquals(List.of(), ErrorInfo.of(nullArray).frames());
        assertEquals(0, ErrorInfo.of(nullArray).toFailure().getStackTrace().length);
    }

    @Test
    void of_getCauseThrows_recordedAsSuppressed() {
        RuntimeException e = new RuntimeException("cause fails") {
            private static final long serialVersionUID = 1L;

            @Override
            public synchronized Throwable getCause() {
                throw new IllegalStateException("no cause for you");
            }
        };
        ErrorInfo info = ErrorInfo.of(e);
        assertNull(info.cause());
        assertEquals(1, info.suppressed().size());
        assertContains(info.suppressed().get(0).message(), "getCause() of " + e.getClass().getName()
                + " threw this: no cause for you");
    }

    @Test
    void of_cyclicCauses_endInAStandIn() {
        Cyclic a = new Cyclic("a");
        Cyclic b = new Cyclic("b");
        a.next = b;
        b.next = a;
        ErrorInfo info = ErrorInfo.of(a);
        assertEquals("b", info.cause().message());
        ErrorInfo back = info.cause().cause();
        assertEquals(Cyclic.class.getName(), back.className());
        assertContains(back.message(), "[circular reference");
        assertNull(back.cause());
        Cyclic self = new Cyclic("self");
        self.next = self;
        assertContains(ErrorInfo.of(self).cause().message(), "[circular reference");
    }

    /** An exception whose cause is whatever {@link #next} says, even itself. */
    static final class Cyclic extends RuntimeException {
        private static final long serialVersionUID = 1L;
        transient Throwable next;

        Cyclic(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable getCause() {
            return next;
        }
    }

    @Test
    void of_suppressed_capturedBoundedAndRebuilt() {
        IllegalStateException e = new IllegalStateException("main");
        for (int i = 0; i < 20; i++) {
            e.addSuppressed(new ArithmeticException("suppressed " + i));
        }
        ErrorInfo info = ErrorInfo.of(e);
        assertEquals(ErrorInfo.MAX_SUPPRESSED + 1, info.suppressed().size());
        assertEquals("suppressed 0", info.suppressed().get(0).message());
        assertEquals(ArithmeticException.class.getName(), info.suppressed().get(0).className());
        assertContains(info.suppressed().get(ErrorInfo.MAX_SUPPRESSED).message(),
                "12 more suppressed exceptions left out");
        RemoteFailure failure = info.toFailure();
        assertEquals(ErrorInfo.MAX_SUPPRESSED + 1, failure.getSuppressed().length);
        RemoteFailure first = (RemoteFailure) failure.getSuppressed()[0];
        assertEquals("suppressed 0", first.remoteMessage());
        assertTrue(first.getStackTrace().length > 0);
        assertContains(printed(failure), "Suppressed: " + RemoteFailure.class.getName()
                + ": java.lang.ArithmeticException: suppressed 0");
    }

    @Test
    void of_longCauseChain_cutAtMaxDepth() {
        Throwable chain = new RuntimeException("level 100");
        for (int level = 99; level >= 0; level--) {
            chain = new RuntimeException("level " + level, chain);
        }
        ErrorInfo info = ErrorInfo.of(chain);
        int depth = 0;
        ErrorInfo last = info;
        while (last.cause() != null) {
            last = last.cause();
            depth++;
        }
        assertEquals(ErrorInfo.MAX_DEPTH, depth, "16 causes captured, the 17th a stand-in");
        assertContains(last.message(), "left out");
    }

    @Test
    void of_everythingThrowsAndEveryThrowerIsHostile_boundedAndPrintable() {
        ErrorInfo info = ErrorInfo.of(new Hostile(0));
        assertEquals(Hostile.class.getName(), info.className());
        assertEquals("<getMessage() threw java.lang.NullPointerException>", info.message());
        assertTrue(count(info) <= 2 * ErrorInfo.MAX_EXCEPTIONS, count(info) + " exceptions captured");
        assertTrue(depth(info) <= ErrorInfo.MAX_DEPTH + 1, "depth " + depth(info));
        assertPrints(info.toFailure());
    }

    @Test
    void of_travelsThroughTheCodecWithSuppressed() {
        IllegalStateException e = new IllegalStateException("main", new ArithmeticException("cause"));
        e.addSuppressed(new IllegalArgumentException("other"));
        Codec codec = new Codec(List.of("java.", "org.poolkit."), Codec.defaultClassLoader());
        ErrorInfo info = ErrorInfo.of(e);
        ErrorInfo copy = codec.copy(info);
        assertEquals(info, copy);
        assertEquals("other", copy.toFailure().getSuppressed()[0].getMessage().replace(
                IllegalArgumentException.class.getName() + ": ", ""));
        assertEquals("cause", ((RemoteFailure) copy.toFailure().getCause()).remoteMessage());
        ErrorInfo hostile = codec.copy(ErrorInfo.of(new Hostile(0)));
        assertEquals(ErrorInfo.of(new Hostile(0)).message(), hostile.message());
    }

    private static int count(ErrorInfo info) {
        if (info == null) {
            return 0;
        }
        int n = 1 + count(info.cause());
        for (ErrorInfo s : info.suppressed()) {
            n += count(s);
        }
        return n;
    }

    private static int depth(ErrorInfo info) {
        if (info == null) {
            return 0;
        }
        int deepest = depth(info.cause());
        for (ErrorInfo s : info.suppressed()) {
            deepest = Math.max(deepest, depth(s));
        }
        return 1 + deepest;
    }

    private static void assertPrints(Throwable t) {
        assertTrue(printed(t).contains(RemoteFailure.class.getName()));
    }

    private static String printed(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static void assertContains(String text, String part) {
        assertTrue(text != null && text.contains(part), "expected \"" + part + "\" in: " + text);
    }
}
