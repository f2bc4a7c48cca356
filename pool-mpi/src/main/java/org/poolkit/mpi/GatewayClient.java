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

/** The caller's end of a launched world's rank-0 gateway: {@link RankZero} over a loopback socket. */
final class GatewayClient implements RankZero {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayClient.class);

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

    private void write(byte op, int session, int rank, byte[] bytes) {
        synchronized (out) {
            try {
                Gateway.write(out, op, session, rank, bytes);
            } catch (IOException e) {
                throw new PoolException("the MPI gateway (rank 0) is gone: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public int open(byte[] setup, Listener listener) {
        this.listener = listener;
        write(Gateway.OPEN, 1, 0, setup);
        return 1;
    }

    @Override
    public void send(int session, int rank, byte[] frame) {
        write(Gateway.SEND, session, rank, frame);
    }

    @Override
    public void broadcast(int session, byte[] frame) {
        write(Gateway.BCAST, session, 0, frame);
    }

    @Override
    public void scatter(int session, byte[][] frames) {
        write(Gateway.SCATTER, session, 0, Gateway.joinFrames(frames));
    }

    @Override
    public void close(int session) {
        if (!finished) {
            try {
                write(Gateway.CLOSE, session, 0, new byte[0]);
            } catch (PoolException e) {
                LOG.debug("closing session {}: {}", session, e.getMessage());
            }
        }
    }

    @Override
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            write(Gateway.FINISH, 0, 0, new byte[0]);
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
                byte op = in.readByte();
                in.readInt();
                int rank = in.readInt();
                byte[] bytes = Gateway.read(in, in.readInt());
                Listener current = listener;
                if (current == null) {
                    continue;
                }
                if (op == Gateway.FRAME) {
                    current.onFrame(rank, bytes);
                } else if (op == Gateway.LOST) {
                    current.onLost(rank, new String(bytes, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            Listener current = listener;
            if (!finished && current != null) {
                current.onLost(0, "the connection to the MPI gateway (rank 0) broke: " + e);
            }
        }
    }
}
