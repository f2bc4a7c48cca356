package org.poolkit.mpi;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.poolkit.api.PoolException;
import org.poolkit.support.Chunks;

/**
 * The point-to-point messages between rank 0 and the worker ranks: a 5-byte header (session, {@link Op} code) and a
 * body. Frames larger than the maximum message travel as {@link Op#PART}s that carry the frame's total length.
 */
final class Message {

    static final int TAG = 17;

    private static final int HEADER = Integer.BYTES + 1;

    final int session;
    final Op op;
    final ByteBuffer body;

    private Message(int session, Op op, ByteBuffer body) {
        this.session = session;
        this.op = op;
        this.body = body;
    }

    /**
     * Reads a message.
     *
     * @throws IllegalArgumentException if its op code is unknown
     */
    static Message parse(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int session = buffer.getInt();
        Op op = Op.of(buffer.get());
        return new Message(session, op, buffer.slice());
    }

    static byte[] of(int session, Op op, byte[] body) {
        return ByteBuffer.allocate(HEADER + body.length).putInt(session).put(op.code).put(body).array();
    }

    static byte[] of(int session, Op op, int value) {
        return ByteBuffer.allocate(HEADER + Integer.BYTES).putInt(session).put(op.code).putInt(value).array();
    }

    static byte[] control(int session, Op op) {
        return ByteBuffer.allocate(HEADER).putInt(session).put(op.code).array();
    }

    /** Splits a frame into messages no larger than {@code maxMessage} bytes of payload. */
    static List<byte[]> frame(int session, byte[] frame, int maxMessage) {
        List<byte[]> messages = new ArrayList<>();
        if (frame.length <= maxMessage) {
            messages.add(of(session, Op.FRAME, frame));
            return messages;
        }
        for (int index = 0; index < Chunks.count(frame.length, maxMessage); index++) {
            byte[] part = Chunks.part(frame, index, maxMessage);
            messages.add(ByteBuffer.allocate(HEADER + Integer.BYTES + part.length).putInt(session).put(Op.PART.code)
                    .putInt(frame.length).put(part).array());
        }
        return messages;
    }

    /** Puts frames back to back into the one buffer of a {@code Scatterv}. */
    static byte[] concatenate(byte[][] frames) {
        byte[] all = new byte[scatterLength(frames)];
        int at = 0;
        for (byte[] frame : frames) {
            System.arraycopy(frame, 0, all, at, frame.length);
            at += frame.length;
        }
        return all;
    }

    /** The length of each frame. */
    static int[] lengths(byte[][] frames) {
        int[] lengths = new int[frames.length];
        for (int i = 0; i < frames.length; i++) {
            lengths[i] = frames[i].length;
        }
        return lengths;
    }

    /**
     * The length of the one buffer of a {@code Scatterv} that holds these frames back to back.
     *
     * @throws PoolException if it is more than one MPI message can take
     */
    static int scatterLength(byte[][] frames) {
        long total = 0;
        for (byte[] frame : frames) {
            total += frame.length;
        }
        if (total > MpiSettings.MAX_MESSAGE_LIMIT) {
            throw new PoolException("a scatter of " + total + " bytes is more than one Scatterv can take ("
                    + MpiSettings.MAX_MESSAGE_LIMIT + ")");
        }
        return (int) total;
    }

    int intBody() {
        return body.getInt(0);
    }

    byte[] bytes() {
        byte[] bytes = new byte[body.remaining()];
        body.duplicate().get(bytes);
        return bytes;
    }

    /** Collects the parts of frames from one source; parts of one source arrive in order (MPI's non-overtaking). */
    static final class Assembly {
        private final Chunks.Assembly parts = new Chunks.Assembly();

        /** Takes a part; returns the whole frame when it is complete, else {@code null}. */
        byte[] add(Message part) {
            ByteBuffer body = part.body.duplicate();
            int total = body.getInt();
            return parts.add(body.array(), body.arrayOffset() + body.position(), body.remaining(), total);
        }
    }
}
