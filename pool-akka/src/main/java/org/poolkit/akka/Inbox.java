package org.poolkit.akka;

import java.util.HashMap;
import java.util.Map;

import akka.actor.typed.ActorRef;
import org.poolkit.support.Chunks;

/**
 * Reassembles chunked frames, one {@link Chunks.Assembly} per stream. Chunks of one stream come from one sender in
 * order. Used by one actor: not thread-safe.
 */
final class Inbox {

    private final Map<Long, Chunks.Assembly> streams = new HashMap<>();

    /**
     * Takes a chunk and acknowledges it to its sender, which may then send one more.
     *
     * @param chunk  the chunk
     * @param sender the actor that sent it
     * @return the whole frame when this was its last chunk, else {@code null}
     */
    byte[] accept(Wire.Chunk chunk, ActorRef<Wire.Message> sender) {
        sender.tell(new Wire.Ack(chunk.slot()));
        byte[] whole = streams.computeIfAbsent(chunk.stream(), s -> new Chunks.Assembly())
                .add(chunk.part(), 0, chunk.part().length, chunk.totalLength());
        if (whole != null) {
            streams.remove(chunk.stream());
        }
        return whole;
    }
}
