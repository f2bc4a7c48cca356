package org.poolkit.akka;

import akka.actor.Address;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

/**
 * The caller's actor in an {@code akka-cluster} pool: hands the frames of the worker JVMs to its link
 * ({@link Transfer}: acknowledging and reassembling chunks, passing acknowledgements to the outboxes), and tells the
 * link of each hello and of each member that is gone. Its one thread is the only one that uses the members' inboxes.
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
        return Behaviors.setup(ctx -> Transfer.frames(ClusterWatch.watch(ctx, Behaviors.receive(Object.class),
                        link::gone), link::member, link::received)
                .onMessage(Wire.Hello.class, hello -> {
                    link.hello(hello);
                    return Behaviors.same();
                })
                .onAnyMessage(other -> Behaviors.same())
                .build());
    }
}
