package org.poolkit.mpi;

/**
 * The one opcode table of this module, for both protocols: the socket between a caller and its rank-0 gateway
 * ({@link Gateway}) and the point-to-point messages between rank 0 and the worker ranks ({@link Message}). Each op
 * travels as its one-byte {@link #code}; its Javadoc says where it is used.
 */
enum Op {

    /** Opens a session; the body is the pool's {@code WorkerSetup}. Socket and ranks. */
    OPEN(1),
    /** One frame to or from a worker rank. Socket and ranks. */
    FRAME(2),
    /** One part of a frame larger than {@code poolkit.mpi.max-message}. Ranks. */
    PART(3),
    /** A frame for every worker rank, by {@code Bcast}; between ranks the body is its length. Socket and ranks. */
    BCAST(4),
    /** A frame of its own for each worker rank, by {@code Scatterv}; between ranks the body is its length. Both. */
    SCATTER(5),
    /** Closes a session. Socket and ranks. */
    CLOSE(6),
    /** Ends the world: the worker ranks finalize and exit. Socket and ranks. */
    FINISH(7),
    /** A rank (0: the whole world) is gone; the body is the reason. Socket, gateway to caller. */
    LOST(8),
    /** A worker rank is alive. Ranks, worker to rank 0. */
    BEAT(9),
    /** The world is broken: the worker ranks exit at once. Ranks, rank 0 to workers. */
    ABORT(10),
    /** A worker rank's last messages are out after {@link #FINISH}. Ranks, worker to rank 0. */
    FINISHED(11);

    private static final Op[] BY_CODE = new Op[values().length + 1];

    static {
        for (Op op : values()) {
            BY_CODE[op.code] = op;
        }
    }

    /** The byte that stands for this op on the wire. */
    final byte code;

    Op(int code) {
        this.code = (byte) code;
    }

    /**
     * The op a byte stands for.
     *
     * @throws IllegalArgumentException if it stands for none
     */
    static Op of(byte code) {
        if (code < 1 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown op code " + code + "; known: 1 to " + (BY_CODE.length - 1));
        }
        return BY_CODE[code];
    }
}
