package org.poolkit.spi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.poolkit.api.PoolException;

/**
 * What a worker needs to know to start: the pool it belongs to, the number of slots, the seed and the codec's
 * allow-list. Plain data with a fixed byte form ({@link #toBytes()}, {@link #fromBytes(byte[])}), so that a link can
 * hand it to a worker process before any codec exists there.
 *
 * @param poolId          the pool id that handles carry
 * @param poolSize        the number of slots
 * @param seed            the pool seed
 * @param allowedPackages the codec's allow-list
 * @since 0.1
 */
public record WorkerSetup(String poolId, int poolSize, long seed, List<String> allowedPackages) {

    /** The most packages an allow-list may name in the byte form. */
    private static final int MAX_PACKAGES = 4096;

    /**
     * Creates a setup.
     *
     * @param poolId          the pool id
     * @param poolSize        the number of slots
     * @param seed            the pool seed
     * @param allowedPackages the allow-list
     */
    public WorkerSetup {
        allowedPackages = List.copyOf(allowedPackages);
    }

    /**
     * Encodes this setup for a worker process.
     *
     * @return its bytes
     */
    public byte[] toBytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeUTF(poolId);
            out.writeInt(poolSize);
            out.writeLong(seed);
            out.writeInt(allowedPackages.size());
            for (String name : allowedPackages) {
                out.writeUTF(name);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write to memory", e);
        }
        return buffer.toByteArray();
    }

    /**
     * Decodes a setup made by {@link #toBytes()}.
     *
     * @param bytes the bytes
     * @return the setup
     * @throws PoolException if the bytes are not a setup
     */
    public static WorkerSetup fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            String poolId = in.readUTF();
            int poolSize = in.readInt();
            long seed = in.readLong();
            int count = in.readInt();
            if (poolSize < 1 || count < 0 || count > MAX_PACKAGES) {
                throw new IOException("pool size " + poolSize + ", " + count + " packages");
            }
            List<String> packages = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                packages.add(in.readUTF());
            }
            if (in.available() > 0) {
                throw new IOException(in.available() + " bytes after the setup");
            }
            return new WorkerSetup(poolId, poolSize, seed, packages);
        } catch (IOException e) {
            throw new PoolException("not a poolkit worker setup (" + bytes.length + " bytes): " + e.getMessage(), e);
        }
    }
}
