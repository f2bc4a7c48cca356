package org.poolkit.akka;

import java.util.HashMap;
import java.util.Map;

import org.poolkit.spi.Chunks;

/**
 * Reassembles chunked frames, one {@link Chunks.Assembly} per stream. Chunks of one stream come from one sender in
 * order. Used by one actor: not thread-safe.
 */
final class Inbox {

    private final Map<Long, Chunks.Assembly> streams = new HashMap<>();

    /**
     * Takes a chunk.
     *
     * @return the whole frame when this was its last chunk, else {@code null}
     */
    byte[] accept(Wire.Chunk chunk) {
        byte[] whole = streams.computeIfAbsent(chunk.stream(), s -> new Chunks.Assembly())
                .add(chunk.part(), 0, chunk.part().length, chunk.totalLength());
        if (whole != null) {
            streams.remove(chunk.stream());
        }
        return whole;
    }
}
