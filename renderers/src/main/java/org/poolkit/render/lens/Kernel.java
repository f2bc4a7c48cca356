package org.poolkit.render.lens;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a worker computes its tiles.
 *
 * @since 0.1
 */
public enum Kernel {
    /** Double precision on the worker's JVM: bit-identical results on every pool and worker count. */
    JVM,
    /**
     * Single precision on the worker's OpenCL device through JOCL (device {@code workerIndex mod devices}), with
     * coordinates rescaled by a lens scale; agrees with {@link #JVM} to about 1e-5 of the largest |α̂|.
     */
    OPENCL;

    TileKernel tileKernel() {
        return this == JVM ? JvmKernel.INSTANCE : OpenClKernel.INSTANCE;
    }

    /**
     * Finds a kernel by name, ignoring case.
     *
     * @param name {@code jvm} or {@code opencl}
     * @return the kernel
     * @throws IllegalArgumentException naming the allowed names
     */
    public static Kernel byName(String name) {
        for (Kernel k : values()) {
            if (k.name().equalsIgnoreCase(name.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kernel '" + name + "'; allowed: " + Arrays.stream(values())
                .map(k -> k.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
