package org.poolkit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.poolkit.api.PoolException;

/** A graph deeper than the stack: named as what it is, not as Kryo's "circular reference". */
class CodecDeepGraphTest {

    private final Codec codec = new Codec(List.of("java.", "org.poolkit."), Codec.defaultClassLoader());

    /** A user's own linked list. */
    static final class Node implements Serializable {
        private static final long serialVersionUID = 1L;
        Node next;
        int v;
    }

    static Node chain(int n) {
        Node head = null;
        for (int i = 0; i < n; i++) {
            Node node = new Node();
            node.v = i;
            node.next = head;
            head = node;
        }
        return head;
    }

    @Test
    void encode_millionNodeChain_saysTooDeepAndWhatToDo() {
        PoolException e = assertThrows(PoolException.class, () -> codec.encode(chain(1_000_000)));
        assertDeepMessage(e.getMessage());
        assertContains(e.getMessage(), "cannot serialize object of " + Node.class.getName());
        assertInstanceOf(StackOverflowError.class, e.getCause());
        assertEquals(0, codec.copy(chain(3)).next.next.v, "the codec stays usable");
    }

    @Test
    void encode_cycle_stillFine() {
        Node a = chain(2);
        a.next.next = a;
        Node copy = codec.copy(a);
        assertTrue(copy.next.next == copy, "references are tracked");
    }

    @Test
    void decode_graphDeeperThanTheReadersStack_saysTooDeep() throws Exception {
        byte[] bytes = onThread(512L << 20, () -> codec.encode(chain(200_000)));
        PoolException e = assertThrows(PoolException.class, () -> onThread(256L << 10, () -> codec.decode(bytes)));
        assertDeepMessage(e.getMessage());
        assertContains(e.getMessage(), "cannot deserialize");
        Node copy = onThread(512L << 20, () -> (Node) codec.decode(bytes));
        assertEquals(199_999, copy.v, "a thread with a large enough stack reads it");
    }

    private static void assertDeepMessage(String message) {
        assertContains(message, "too deep for the recursive serializer");
        assertContains(message, Node.class.getName() + ".next x");
        assertContains(message, "levels down");
        assertContains(message, "not a circular reference");
        assertContains(message, "ArrayList");
        assertContains(message, "-Xss");
        assertFalse(message.contains("Serialization trace"), "Kryo's trace of every level is summed up");
        assertTrue(message.length() < 2_000, message.length() + " characters");
    }

    /** Runs code on a thread with the given stack size and rethrows what it threw. */
    private static <T> T onThread(long stackBytes, java.util.function.Supplier<T> code) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                result.set(code.get());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "codec-deep-graph-test", stackBytes);
        thread.start();
        thread.join(120_000);
        if (failure.get() instanceof RuntimeException re) {
            throw re;
        } else if (failure.get() instanceof Error error) {
            throw error;
        }
        return result.get();
    }

    private static void assertContains(String text, String part) {
        assertTrue(text != null && text.contains(part), "expected \"" + part + "\" in: " + text);
    }
}
