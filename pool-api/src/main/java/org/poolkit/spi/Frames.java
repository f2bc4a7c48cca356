package org.poolkit.spi;

import java.nio.ByteBuffer;

import org.poolkit.api.PoolException;

/**
 * The byte form of commands and replies for transports that move bytes (between processes, or the loopback
 * pool): a 12-byte header with the call id and the first item index, then the Kryo bytes of the message.
 *
 * <p>The header lets the receiving side answer even when the body cannot be decoded (a class outside the
 * allow-list, a class missing on that side): the call fails with a message instead of waiting for its timeout.
 *
 * @since 0.1
 */
public final class Frames {

    private static final int HEADER = Long.BYTES + Integer.BYTES;

    private Frames() {
    }

    /**
     * Encodes a command.
     *
     * @param codec   the caller's codec
     * @param command the command
     * @return the frame
     */
    public static byte[] encodeCommand(Codec codec, Command command) {
        long callId = -1;
        int firstIndex = -1;
        if (command instanceof Command.Store c) {
            callId = c.callId();
        } else if (command instanceof Command.Run c) {
            callId = c.callId();
        } else if (command instanceof Command.MapBatch c) {
            callId = c.callId();
            firstIndex = c.firstIndex();
        }
        return frame(callId, firstIndex, codec.encode(command));
    }

    /**
     * Executes a command frame on a worker and encodes its reply.
     *
     * @param worker the worker's runtime
     * @param codec  the worker's codec
     * @param frame  the command frame
     * @return the reply frame, or {@code null} for commands that are not answered
     */
    public static byte[] handle(WorkerRuntime worker, Codec codec, byte[] frame) {
        ByteBuffer header = ByteBuffer.wrap(frame, 0, HEADER);
        long callId = header.getLong();
        int firstIndex = header.getInt();
        Reply reply;
        try {
            reply = worker.handle((Command) codec.decode(frame, HEADER, frame.length - HEADER));
        } catch (PoolException e) {
            reply = new Reply.Failed(callId, firstIndex, -1, ErrorInfo.of(new PoolException("worker "
                    + worker.workerIndex() + " cannot read the command: " + e.getMessage())));
        }
        if (reply == null) {
            return null;
        }
        return frame(reply.callId(), firstIndex, worker.encodeReply(reply));
    }

    /**
     * Builds the reply frame that reports a failure outside the runtime's own handling (an error while encoding a
     * large reply, say), from the command frame's header, so that the waiting call fails instead of timing out.
     *
     * @param worker       the worker's runtime
     * @param commandFrame the command frame whose handling failed
     * @param error        what was thrown
     * @return the reply frame
     */
    public static byte[] failure(WorkerRuntime worker, byte[] commandFrame, Throwable error) {
        ByteBuffer header = ByteBuffer.wrap(commandFrame, 0, HEADER);
        long callId = header.getLong();
        int firstIndex = header.getInt();
        return frame(callId, firstIndex, worker.encodeReply(new Reply.Failed(callId, firstIndex, -1,
                ErrorInfo.of(error))));
    }

    /**
     * Decodes a reply frame on the caller. A reply that cannot be decoded becomes a {@link Reply.Failed} that
     * says why, so the waiting call fails instead of timing out.
     *
     * @param codec  the caller's codec
     * @param worker the worker that sent it, for the message
     * @param frame  the reply frame
     * @return the reply
     */
    public static Reply decodeReply(Codec codec, int worker, byte[] frame) {
        ByteBuffer header = ByteBuffer.wrap(frame, 0, HEADER);
        long callId = header.getLong();
        int firstIndex = header.getInt();
        try {
            return (Reply) codec.decode(frame, HEADER, frame.length - HEADER);
        } catch (PoolException e) {
            return new Reply.Failed(callId, firstIndex, -1, ErrorInfo.of(new PoolException("the caller cannot"
                    + " read the reply of worker " + worker + ": " + e.getMessage())));
        }
    }

    private static byte[] frame(long callId, int firstIndex, byte[] body) {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER + body.length);
        buffer.putLong(callId).putInt(firstIndex).put(body);
        return buffer.array();
    }
}
