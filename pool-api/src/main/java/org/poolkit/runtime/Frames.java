package org.poolkit.runtime;

import java.nio.ByteBuffer;

import org.poolkit.api.PoolException;

/**
 * The byte form of commands and replies: a 12-byte header with the call id and the first item index, then the
 * Kryo bytes of the message. The header lets the receiving side answer even when the body cannot be decoded (a
 * class outside the allow-list, a class missing on that side): the call fails with a message instead of waiting
 * for its timeout.
 */
final class Frames implements Format<byte[]> {

    private static final int HEADER = Long.BYTES + Integer.BYTES;

    private final Codec codec;

    /**
     * Creates the byte form of one side of a pool.
     *
     * @param codec that side's codec (the caller's, or a worker's)
     */
    Frames(Codec codec) {
        this.codec = codec;
    }

    @Override
    public byte[] command(Command command) {
        return frame(Command.answeredCall(command), Command.firstIndex(command), codec.encode(command));
    }

    @Override
    public Reply reply(int slot, byte[] frame) {
        Header header = Header.of(frame);
        if (header == null) {
            return new Reply.Failed(-1, -1, -1, ErrorInfo.of(new PoolException("the caller cannot read a "
                    + frame.length + "-byte reply of the worker in slot " + slot)));
        }
        try {
            return (Reply) codec.decode(frame, HEADER, frame.length - HEADER);
        } catch (PoolException | ClassCastException e) {
            return header.failed(new PoolException("the caller cannot read the reply of the worker in slot " + slot
                    + ": " + e.getMessage()));
        }
    }

    @Override
    public byte[] handle(WorkerRuntime worker, byte[] frame) {
        Header header = Header.of(frame);
        if (header == null) {
            return null;
        }
        try {
            Reply reply;
            try {
                reply = worker.handle((Command) codec.decode(frame, HEADER, frame.length - HEADER));
            } catch (PoolException | ClassCastException e) {
                reply = header.failed(new PoolException("worker " + worker.workerIndex() + " cannot read the command: "
                        + e.getMessage()));
            }
            return reply == null ? null : frame(reply.callId(), header.firstIndex(), worker.encodeReply(reply));
        } catch (Throwable e) {
            WorkerLoop.rethrowIfFatal(e);
            return failure(worker, frame, e);
        }
    }

    @Override
    public byte[] failure(WorkerRuntime worker, byte[] frame, Throwable error) {
        Header header = Header.of(frame);
        if (header == null || header.callId() < 0) {
            return null;
        }
        try {
            return header.frame(worker.encodeReply(header.failed(error)));
        } catch (Throwable e) {
            WorkerLoop.rethrowIfFatal(e);
            return header.frame(codec.encode(header.failed(new PoolException("worker " + worker.workerIndex()
                    + " failed with " + error.getClass().getName() + " and could not describe it"))));
        }
    }

    /** The header of a frame: the call that waits for the answer, and the first item of a map batch. */
    private record Header(long callId, int firstIndex) {

        /** Reads the header of a frame, or {@code null} if the frame is shorter than one. */
        static Header of(byte[] frame) {
            if (frame.length < HEADER) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(frame, 0, HEADER);
            return new Header(buffer.getLong(), buffer.getInt());
        }

        Reply.Failed failed(Throwable error) {
            return new Reply.Failed(callId, firstIndex, -1, ErrorInfo.of(error));
        }

        byte[] frame(byte[] body) {
            return Frames.frame(callId, firstIndex, body);
        }
    }

    @Override
    public byte[][] array(int length) {
        return new byte[length][];
    }

    private static byte[] frame(long callId, int firstIndex, byte[] body) {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER + body.length);
        buffer.putLong(callId).putInt(firstIndex).put(body);
        return buffer.array();
    }
}
