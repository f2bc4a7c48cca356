package org.poolkit.mpi;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.poolkit.api.PoolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caller's end of a launched world's rank-0 gateway: {@link RankZero} over a loopback socket (the protocol is
 * {@link Gateway}'s). One session: a launched world serves one pool.
 */
final class GatewayClient implements RankZero {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayClient.class);
    /** The session of the one pool: the gateway's {@link Coordinator} numbers its first session 1 as well. */
    private static final int SESSION = 1;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final int worldSize;
    private final Thread reader;
    private volatile Listener listener;
    private volatile boolean finished;

    GatewayClient(Socket socket, String poolId) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
        this.worldSize = in.readInt();
        this.reader = new Thread(this::read, "poolkit-" + poolId + "-gateway");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    @Override
    public int worldSize() {
        return worldSize;
    }

    private void write(Op op, int session, int rank, byte[] body) {
        synchronized (out) {
            try {
                Gateway.write(out, op, session, rank, body);
            } catch (IOException e) {
                throw gone(e);
            }
        }
    }

    /**
     * A frame that cannot be written because the connection broke is dropped: the socket is closed, so the reader
     * reports the loss of every rank (the link's contract), unless the world was being finished.
     */
    private void writeOrDrop(Op op, int session, int rank, byte[] body) {
        try {
            write(op, session, rank, body);
        } catch (PoolException e) {
            dropped(e);
        }
    }

    private void dropped(PoolException e) {
        LOG.debug("dropped a message for the gateway: {}", e.getMessage());
        try {
            socket.close();
        } catch (IOException closing) {
            // the reader sees the broken connection either way
        }
    }

    private static PoolException gone(IOException e) {
        return new PoolException("the MPI gateway (rank 0) is gone: " + e.getMessage(), e);
    }

    @Override
    public int open(byte[] setup, Listener listener) {
        this.listener = listener;
        write(Op.OPEN, SESSION, Ranks.COORDINATOR, setup);
        return SESSION;
    }

    @Override
    public void send(int session, int rank, byte[] frame) {
        writeOrDrop(Op.FRAME, session, rank, frame);
    }

    @Override
    public void broadcast(int session, byte[] frame) {
        writeOrDrop(Op.BCAST, session, Ranks.COORDINATOR, frame);
    }

    /** The frames go straight to the socket, without a joined copy; the gateway reads them into one buffer. */
    @Override
    public void scatter(int session, byte[][] frames) {
        Message.scatterLength(frames);   // a scatter too large for the gateway fails here, before it is written
        synchronized (out) {
            try {
                Gateway.writeScatter(out, session, frames);
            } catch (IOException e) {
                dropped(gone(e));
            }
        }
    }

    @Override
    public void close(int session) {
        if (!finished) {
            try {
                write(Op.CLOSE, session, Ranks.COORDINATOR, null);
            } catch (PoolException e) {
                LOG.debug("closing session {}: {}", session, e.getMessage());
            }
        }
    }

    /** Ends the world: the gateway finishes it and exits. */
    void finish() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            write(Op.FINISH, 0, Ranks.COORDINATOR, null);
        } catch (PoolException e) {
            LOG.debug("finishing the world: {}", e.getMessage());
        }
    }

    void disconnect() {
        finished = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void read() {
        try {
            while (true) {
                Op op = Gateway.readOp(in);
                in.readInt();
                int rank = in.readInt();
                byte[] body = Gateway.readBody(in);
                Listener current = listener;
                if (current == null) {
                    continue;
                }
                if (op == Op.FRAME) {
                    current.onFrame(rank, body);
                } else if (op == Op.LOST) {
                    current.onLost(rank, new String(body, StandardCharsets.UTF_8));
                } else {
                    throw new IOException("not the gateway protocol: " + op + " from the gateway");
                }
            }
        } catch (IOException e) {
            Listener current = listener;
            if (!finished && current != null) {
                current.onLost(Ranks.COORDINATOR, "the connection to the MPI gateway (rank 0) broke: " + e);
            }
        }
    }
}
