package org.poolkit.akka;

import akka.actor.Address;
import akka.actor.typed.ActorRef;

/**
 * One incarnation of a worker in a slot of an {@code akka-cluster} pool, as the caller sees it: the JVM that said
 * hello, the outbox of frames to it and the inbox of its chunks (used by the {@link CallerActor} only).
 */
final class Member implements Transfer.Peer {

    final String workerId;
    final ActorRef<Wire.Message> ref;
    final Address address;
    final long pid;
    final Outbox outbox;
    final Inbox inbox = new Inbox();
    /** Cleared once, when the member is lost, so that its loss is reported once. */
    volatile boolean alive = true;

    Member(String workerId, ActorRef<Wire.Message> ref, long pid, Outbox outbox) {
        this.workerId = workerId;
        this.ref = ref;
        this.address = ref.path().address();
        this.pid = pid;
        this.outbox = outbox;
    }

    @Override
    public Inbox inbox() {
        return inbox;
    }

    @Override
    public ActorRef<Wire.Message> ref() {
        return ref;
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }
}
