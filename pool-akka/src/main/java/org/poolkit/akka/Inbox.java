package org.poolkit.akka;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Reassembles chunked frames. Chunks of one stream come from one sender in order. Used by one actor: not
 * thread-safe.
 */
final class Inbox {

    private final Map<Long, ByteArrayOutputStream> streams = new HashMap<>();

    /**
     * Takes a chunk.
     *
     * @return the whole frame when this was its last chunk, else {@code null}
     */
    byte[] accept(Wire.Chunk chunk) {
        ByteArrayOutputStream buffer = streams.computeIfAbsent(chunk.stream(),
                s -> new ByteArrayOutputStream(chunk.count() * chunk.part().length));
        buffer.write(chunk.part(), 0, chunk.part().length);
        if (chunk.seq() == chunk.count() - 1) {
            streams.remove(chunk.stream());
            return buffer.toByteArray();
        }
        return null;
    }
}
