package org.poolkit.mpi;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.poolkit.spi.Chunks;

/**
 * The point-to-point messages between rank 0 and the worker ranks: a 5-byte header (session, kind) and a body.
 * Frames larger than the maximum message travel as parts that carry the frame's total length.
 */
final class Message {

    static final int TAG = 17;

    static final byte FRAME = 1;
    static final byte PART = 2;
    static final byte OPEN = 3;
    static final byte CLOSE = 4;
    static final byte BCAST = 5;
    static final byte SCATTER = 6;
    static final byte BEAT = 7;
    static final byte FINISH = 8;
    static final byte ABORT = 9;
    static final byte FINISHED = 10;

    private static final int HEADER = Integer.BYTES + 1;

    final int session;
    final byte kind;
    final ByteBuffer body;

    private Message(int session, byte kind, ByteBuffer body) {
        this.session = session;
        this.kind = kind;
        this.body = body;
    }

    static Message parse(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int session = buffer.getInt();
        byte kind = buffer.get();
        return new Message(session, kind, buffer.slice());
    }

    static byte[] of(int session, byte kind, byte[] body) {
        return ByteBuffer.allocate(HEADER + body.length).putInt(session).put(kind).put(body).array();
    }

    static byte[] of(int session, byte kind, int value) {
        return ByteBuffer.allocate(HEADER + Integer.BYTES).putInt(session).put(kind).putInt(value).array();
    }

    static byte[] control(int session, byte kind) {
        return ByteBuffer.allocate(HEADER).putInt(session).put(kind).array();
    }

    /** Splits a frame into messages no larger than {@code maxMessage} bytes of payload. */
    static List<byte[]> frame(int session, byte[] frame, int maxMessage) {
        List<byte[]> messages = new ArrayList<>();
        if (frame.length <= maxMessage) {
            messages.add(of(session, FRAME, frame));
            return messages;
        }
        for (int index = 0; index < Chunks.count(frame.length, maxMessage); index++) {
            byte[] part = Chunks.part(frame, index, maxMessage);
            messages.add(ByteBuffer.allocate(HEADER + Integer.BYTES + part.length).putInt(session).put(PART)
                    .putInt(frame.length).put(part).array());
        }
        return messages;
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
