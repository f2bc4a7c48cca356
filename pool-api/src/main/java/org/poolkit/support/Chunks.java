package org.poolkit.support;

import java.util.Arrays;

/**
 * Splitting frames larger than a transport's message limit into parts, and putting them together again, for every
 * backend that has such a limit (Artery's frame, MPI's bounded messages). Parts of one frame must arrive in order.
 *
 * @since 0.1
 */
public final class Chunks {

    private Chunks() {
    }

    /**
     * Returns how many parts a frame needs.
     *
     * @param length    the frame's length in bytes
     * @param chunkSize the largest part
     * @return at least 1
     */
    public static int count(int length, int chunkSize) {
        return Math.max(1, (length + chunkSize - 1) / chunkSize);
    }

    /**
     * Returns one part of a frame (a copy).
     *
     * @param frame     the frame
     * @param index     the part's index, {@code 0 <= index < count(frame.length, chunkSize)}
     * @param chunkSize the largest part
     * @return the part
     */
    public static byte[] part(byte[] frame, int index, int chunkSize) {
        int from = index * chunkSize;
        return Arrays.copyOfRange(frame, from, Math.min(frame.length, from + chunkSize));
    }

    /** Puts the parts of one frame at a time together again. Not thread-safe: one per sender. */
    public static final class Assembly {
        private byte[] frame;
        private int filled;

        /** Creates an empty assembly. */
        public Assembly() {
        }

        /**
         * Adds the next part.
         *
         * @param part        the bytes holding the part
         * @param offset      where the part starts in {@code part}
         * @param length      the part's length
         * @param totalLength the length of the whole frame
         * @return the whole frame once its last part arrived, else {@code null}
         */
        public byte[] add(byte[] part, int offset, int length, int totalLength) {
            if (frame == null) {
                frame = new byte[totalLength];
                filled = 0;
            }
            System.arraycopy(part, offset, frame, filled, length);
            filled += length;
            if (filled < totalLength) {
                return null;
            }
            byte[] whole = frame;
            frame = null;
            return whole;
        }
    }
}
