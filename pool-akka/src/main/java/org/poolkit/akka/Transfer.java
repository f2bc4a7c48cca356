package org.poolkit.akka;

import java.util.function.BiConsumer;
import java.util.function.IntFunction;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.BehaviorBuilder;
import akka.actor.typed.javadsl.Behaviors;

/**
 * The frame-moving half of both ends' actors (the caller's and a worker JVM's): a whole frame is delivered; a chunk
 * is acknowledged to its sender and put together, and delivered when complete; an acknowledgement lets the outbox
 * send one more chunk.
 */
final class Transfer {

    /** One end's view of the other end in a slot. */
    interface Peer {

        /** The chunks coming from it. */
        Inbox inbox();

        /** Where acknowledgements of its chunks go. */
        ActorRef<Wire.Message> ref();

        /** The frames going to it. */
        Outbox outbox();
    }

    /** A peer that is the same for every slot: a worker JVM's view of the caller. */
    record OnePeer(Inbox inbox, ActorRef<Wire.Message> ref, Outbox outbox) implements Peer {
    }

    private Transfer() {
    }

    /**
     * Adds the handlers of frames, chunks and acknowledgements to an actor's behaviour.
     *
     * @param behavior its behaviour so far
     * @param peer     the peer a message's slot names, or {@code null} (the message is dropped)
     * @param deliver  takes a whole frame and the slot it came with
     * @return the behaviour with the handlers added
     */
    static BehaviorBuilder<Object> frames(BehaviorBuilder<Object> behavior, IntFunction<Peer> peer,
                                          BiConsumer<Integer, byte[]> deliver) {
        return behavior
                .onMessage(Wire.Frame.class, frame -> {
                    if (peer.apply(frame.slot()) != null) {
                        deliver.accept(frame.slot(), frame.bytes());
                    }
                    return Behaviors.same();
                })
                .onMessage(Wire.Chunk.class, chunk -> {
                    Peer from = peer.apply(chunk.slot());
                    byte[] whole = from == null ? null : from.inbox().accept(chunk, from.ref());
                    if (whole != null) {
                        deliver.accept(chunk.slot(), whole);
                    }
                    return Behaviors.same();
                })
                .onMessage(Wire.Ack.class, ack -> {
                    Peer to = peer.apply(ack.slot());
                    if (to != null) {
                        to.outbox().acknowledged();
                    }
                    return Behaviors.same();
                });
    }
}
