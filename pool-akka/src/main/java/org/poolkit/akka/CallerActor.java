package org.poolkit.akka;

import akka.actor.Address;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

/**
 * The caller's actor in an {@code akka-cluster} pool: hands the frames of the worker JVMs to its link (acknowledging
 * and reassembling chunks), passes acknowledgements to the outboxes, and tells the link of each hello and of each
 * member that is gone. Its one thread is the only one that uses the members' inboxes.
 */
final class CallerActor {

    /** What the actor asks of its link. */
    interface Members {

        /**
         * Returns the member in the slot that a worker's message names.
         *
         * @param slot the slot the message names
         * @return the member, or {@code null} if none joined it or it is not a slot
         */
        Member member(int slot);

        /**
         * A whole frame arrived from the worker in a slot.
         *
         * @param slot  the slot
         * @param frame the frame
         */
        void received(int slot, byte[] frame);

        /**
         * A worker JVM that is up in the cluster introduced itself.
         *
         * @param hello its introduction
         */
        void hello(Wire.Hello hello);

        /**
         * A member of the cluster is gone.
         *
         * @param address its address
         * @param what    what happened to it
         */
        void gone(Address address, String what);
    }

    private CallerActor() {
    }

    static Behavior<Object> create(Members link) {
        return Behaviors.setup(ctx -> ClusterWatch.watch(ctx, Behaviors.receive(Object.class), link::gone)
                .onMessage(Wire.Frame.class, frame -> {
                    if (link.member(frame.slot()) != null) {
                        link.received(frame.slot(), frame.bytes());
                    }
                    return Behaviors.same();
                })
                .onMessage(Wire.Chunk.class, chunk -> {
                    Member member = link.member(chunk.slot());
                    byte[] whole = member == null ? null : member.inbox.accept(chunk, member.ref);
                    if (whole != null) {
                        link.received(chunk.slot(), whole);
                    }
                    return Behaviors.same();
                })
                .onMessage(Wire.Ack.class, ack -> {
                    Member member = link.member(ack.slot());
                    if (member != null) {
                        member.outbox.acknowledged();
                    }
                    return Behaviors.same();
                })
                .onMessage(Wire.Hello.class, hello -> {
                    link.hello(hello);
                    return Behaviors.same();
                })
                .onAnyMessage(other -> Behaviors.same())
                .build());
    }
}
