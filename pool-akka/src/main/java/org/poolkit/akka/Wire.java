package org.poolkit.akka;

import akka.actor.typed.ActorRef;

/**
 * The messages between the caller and the worker JVMs of an {@code akka-cluster} pool. Commands and replies travel
 * inside them as frames that the runtime encoded (opaque bytes here); {@link WireSerializer} writes these envelopes.
 */
final class Wire {

    private Wire() {
    }

    /** Every message of the protocol; bound to {@link WireSerializer} in {@code reference.conf}. */
    interface Message {
    }

    /** A worker that is up in the cluster introduces itself to the caller. */
    record Hello(String workerId, long pid, ActorRef<Message> worker) implements Message {
    }

    /** The caller gives a worker its slot and its {@link org.poolkit.spi.WorkerSetup} ({@code toBytes()}). */
    record Welcome(int slot, byte[] setup) implements Message {
    }

    /** A whole command (to a worker) or reply (from the worker in {@code slot}). */
    record Frame(int slot, byte[] bytes) implements Message {
    }

    /** Part {@code seq} of a frame of {@code totalLength} bytes, too large for one message. */
    record Chunk(int slot, long stream, int seq, int totalLength, byte[] part) implements Message {
    }

    /** The receiver of a chunk acknowledges it; the sender then may send one more. */
    record Ack(int slot) implements Message {
    }

    /** The caller closes the pool: leave the cluster and exit. */
    record Shutdown() implements Message {
    }
}
