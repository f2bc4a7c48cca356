package org.poolkit.mpi;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.poolkit.api.PoolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket protocol between a caller and the rank-0 gateway of a launched world, and the gateway's side of it.
 * Every message starts {@code [op][session][rank]} (an {@link Op} code and two ints; rank 0 where no rank applies).
 * Then {@link Op#OPEN}, {@link Op#FRAME}, {@link Op#BCAST} and {@link Op#LOST} carry {@code [length][bytes]};
 * {@link Op#SCATTER} carries one length per worker rank and then the frames back to back, which the gateway reads
 * into the one buffer of its {@code Scatterv}; {@link Op#CLOSE} and {@link Op#FINISH} carry nothing. The caller
 * sends all but {@code LOST}; the gateway sends {@code FRAME} and {@code LOST}.
 */
final class Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private Gateway() {
    }

    /** Writes one message and flushes; {@code body} is {@code null} for the ops that carry none. */
    static void write(DataOutputStream out, Op op, int session, int rank, byte[] body) throws IOException {
        out.writeByte(op.code);
        out.writeInt(session);
        out.writeInt(rank);
        if (body != null) {
            out.writeInt(body.length);
            out.write(body);
        }
        out.flush();
    }

    /** Writes a scatter: the frames go straight to the stream, {@code frames[slot]} for each slot in order. */
    static void writeScatter(DataOutputStream out, int session, byte[][] frames) throws IOException {
        out.writeByte(Op.SCATTER.code);
        out.writeInt(session);
        out.writeInt(Ranks.COORDINATOR);
        for (byte[] frame : frames) {
            out.writeInt(frame.length);
        }
        for (byte[] frame : frames) {
            out.write(frame);
        }
        out.flush();
    }

    static Op readOp(DataInputStream in) throws IOException {
        byte code = in.readByte();
        try {
            return Op.of(code);
        } catch (IllegalArgumentException e) {
            throw new IOException("not the gateway protocol: " + e.getMessage(), e);
        }
    }

    /** Reads a {@code [length][bytes]} body. */
    static byte[] readBody(DataInputStream in) throws IOException {
        return readFully(in, in.readInt());
    }

    private static byte[] readFully(DataInputStream in, long length) throws IOException {
        if (length < 0 || length > MpiSettings.MAX_MESSAGE_LIMIT) {
            throw new IOException("not the gateway protocol: a body of " + length + " bytes");
        }
        byte[] bytes = new byte[(int) length];
        in.readFully(bytes);
        return bytes;
    }

    /**
     * Runs rank 0 of a launched world: connects to the caller and relays until the caller finishes the world.
     *
     * @return the exit code: 0 when finished, 3 when the caller went away
     */
    static int run(Coordinator coordinator, InetSocketAddress caller) throws IOException {
        try (Socket socket = new Socket(caller.getHostString(), caller.getPort())) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
            out.writeInt(coordinator.worldSize());
            out.flush();
            RankZero.Listener listener = new RankZero.Listener() {
                @Override
                public void onFrame(int rank, byte[] frame) {
                    reply(out, Op.FRAME, rank, frame);
                }

                @Override
                public void onLost(int rank, String reason) {
                    reply(out, Op.LOST, rank, reason.getBytes(StandardCharsets.UTF_8));
                }
            };
            while (true) {
                try {
                    Op op = readOp(in);
                    int session = in.readInt();
                    int rank = in.readInt();
                    if (op == Op.FINISH) {
                        return coordinator.finishWorld() ? 0 : 3;
                    }
                    relay(coordinator, in, op, session, rank, listener);
                } catch (IOException e) {
                    coordinator.abort("the caller is gone (" + e + ")");
                    coordinator.finishWorld();
                    return 3;
                }
            }
        }
    }

    private static void relay(Coordinator coordinator, DataInputStream in, Op op, int session, int rank,
                              RankZero.Listener listener) throws IOException {
        int workerRanks = Ranks.workerRanks(coordinator.worldSize());
        try {
            switch (op) {
                case OPEN -> coordinator.open(readBody(in), listener);
                case FRAME -> coordinator.send(session, rank, readBody(in));
                case BCAST -> coordinator.broadcast(session, readBody(in));
                case SCATTER -> {
                    int[] counts = new int[workerRanks];
                    long total = 0;
                    for (int slot = 0; slot < workerRanks; slot++) {
                        counts[slot] = in.readInt();
                        if (counts[slot] < 0) {
                            throw new IOException("not the gateway protocol: a frame of " + counts[slot] + " bytes");
                        }
                        total += counts[slot];
                    }
                    coordinator.scatter(session, counts, readFully(in, total));
                }
                case CLOSE -> coordinator.close(session);
                default -> throw new IOException("not the gateway protocol: " + op + " from the caller");
            }
        } catch (PoolException e) {
            // the world is broken or finished: the caller has been told (LOST), or is finishing it
            LOG.debug("{} of session {} not relayed: {}", op, session, e.getMessage());
        }
    }

    private static void reply(DataOutputStream out, Op op, int rank, byte[] bytes) {
        synchronized (out) {
            try {
                write(out, op, 0, rank, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("the caller is gone", e);
            }
        }
    }
}
