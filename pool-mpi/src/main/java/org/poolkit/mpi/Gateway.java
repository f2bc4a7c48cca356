package org.poolkit.mpi;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The socket protocol between a caller and the rank-0 gateway of a launched world, and the gateway's side of it.
 * Caller to gateway: {@code [op][session][rank][length][bytes]}; gateway to caller: {@code [op][rank][length][bytes]}.
 */
final class Gateway {

    static final byte OPEN = 1;
    static final byte SEND = 2;
    static final byte BCAST = 3;
    static final byte SCATTER = 4;
    static final byte CLOSE = 5;
    static final byte FINISH = 6;
    static final byte FRAME = 7;
    static final byte LOST = 8;

    private Gateway() {
    }

    static void write(DataOutputStream out, byte op, int session, int rank, byte[] bytes) throws IOException {
        out.writeByte(op);
        out.writeInt(session);
        out.writeInt(rank);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }

    static byte[] read(DataInputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    /**
     * Runs rank 0 of a launched world: connects to the caller and relays until the caller finishes the world.
     *
     * @return the exit code: 0 when finished, 3 when the caller went away
     */
    static int run(Coordinator coordinator, String host, int port) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
            out.writeInt(coordinator.worldSize());
            out.flush();
            RankZero.Listener listener = new RankZero.Listener() {
                @Override
                public void onFrame(int rank, byte[] frame) {
                    reply(out, FRAME, rank, frame);
                }

                @Override
                public void onLost(int rank, String reason) {
                    reply(out, LOST, rank, reason.getBytes(StandardCharsets.UTF_8));
                }
            };
            while (true) {
                byte op;
                int session;
                int rank;
                byte[] bytes;
                try {
                    op = in.readByte();
                    session = in.readInt();
                    rank = in.readInt();
                    bytes = read(in, in.readInt());
                } catch (IOException e) {
                    coordinator.abort("the caller is gone (" + e + ")");
                    coordinator.finishWorld();
                    return 3;
                }
                switch (op) {
                    case OPEN -> coordinator.open(bytes, listener);
                    case SEND -> coordinator.send(session, rank, bytes);
                    case BCAST -> coordinator.broadcast(session, bytes);
                    case SCATTER -> coordinator.scatter(session, splitFrames(bytes, coordinator.worldSize() - 1));
                    case CLOSE -> coordinator.close(session);
                    case FINISH -> {
                        return coordinator.finishWorld() ? 0 : 3;
                    }
                    default -> throw new IOException("unknown gateway op " + op);
                }
            }
        }
    }

    private static void reply(DataOutputStream out, byte op, int rank, byte[] bytes) {
        synchronized (out) {
            try {
                write(out, op, 0, rank, bytes);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("the caller is gone", e);
            }
        }
    }

    static byte[] joinFrames(byte[][] frames) {
        int total = Integer.BYTES * frames.length;
        for (byte[] frame : frames) {
            total += frame.length;
        }
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(total);
        for (byte[] frame : frames) {
            buffer.putInt(frame.length).put(frame);
        }
        return buffer.array();
    }

    static byte[][] splitFrames(byte[] bytes, int count) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
        byte[][] frames = new byte[count][];
        for (int i = 0; i < count; i++) {
            frames[i] = new byte[buffer.getInt()];
            buffer.get(frames[i]);
        }
        return frames;
    }
}
