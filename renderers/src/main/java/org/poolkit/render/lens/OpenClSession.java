package org.poolkit.render.lens;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;
import org.jocl.cl_queue_properties;
import org.poolkit.render.Tile;

/**
 * One worker's OpenCL state: context, queue, built program and kernel on its device, plus the buffers of the last
 * lens plane and tile size. Not thread-safe: callers hold the session's monitor while they use or release it.
 */
final class OpenClSession {

    /** The kernel source, on the class path next to this class. */
    static final String SOURCE = "lens.cl";
    private static final String KERNEL_NAME = "lens";
    /**
     * The device layout ({@link OpenClPlane#macros()}) as {@code -D} options. No fast-math: inf and NaN at a
     * point-mass centre, and the hi/lo offsets, need IEEE arithmetic.
     */
    private static final String BUILD_OPTIONS = OpenClPlane.macros().entrySet().stream()
            .map(m -> "-D" + m.getKey() + "=" + m.getValue()).collect(Collectors.joining(" "));

    /** The kernel's arguments; the ordinal is the argument index, in the order of {@code lens.cl}'s signature. */
    private enum Arg {
        LEAVES, LEAF_COUNT, COORDS, WIDTH, HEIGHT, RATIO, HAS_SOURCE, SOURCE_X, SOURCE_Y, SOURCE_INV_TWO_SIGMA2, OUT
    }

    private final OpenClDevices.Device device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final cl_program program;
    private final cl_kernel kernel;
    private boolean released;

    private OpenClPlane plane;
    private cl_mem leavesBuffer;
    private final Buffer coords = new Buffer(CL.CL_MEM_READ_ONLY);
    private final Buffer out = new Buffer(CL.CL_MEM_WRITE_ONLY);

    private OpenClSession(OpenClDevices.Device device, cl_context context, cl_command_queue queue,
                          cl_program program, cl_kernel kernel) {
        this.device = device;
        this.context = context;
        this.queue = queue;
        this.program = program;
        this.kernel = kernel;
    }

    /**
     * Opens a session on a worker's device and builds the kernel.
     *
     * @throws OpenClUnavailableException if OpenCL is missing
     * @throws IllegalStateException      naming the device if the context cannot be made or the kernel does not build
     */
    static OpenClSession open(int workerIndex) {
        OpenClDevices.Device device = OpenClDevices.forWorker(workerIndex);
        String source = loadSource();
        cl_context context = null;
        cl_command_queue queue = null;
        cl_program program = null;
        try {
            cl_device_id[] ids = {device.id()};
            context = CL.clCreateContext(null, 1, ids, null, null, null);
            queue = createQueue(context, device);
            program = CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
            try {
                CL.clBuildProgram(program, 1, ids, BUILD_OPTIONS, null, null);
            } catch (CLException e) {
                throw new IllegalStateException("OpenCL kernel: " + SOURCE + " does not build on " + device + ": "
                        + e.getMessage() + "; build log:\n" + buildLog(program, device.id()), e);
            }
            cl_kernel kernel = CL.clCreateKernel(program, KERNEL_NAME, null);
            int[] arguments = new int[1];
            CL.clGetKernelInfo(kernel, CL.CL_KERNEL_NUM_ARGS, Sizeof.cl_uint, Pointer.to(arguments), null);
            if (arguments[0] != Arg.values().length) {
                CL.clReleaseKernel(kernel);
                throw new IllegalStateException("OpenCL kernel: " + SOURCE + "'s " + KERNEL_NAME + " takes "
                        + arguments[0] + " arguments, but OpenClSession.Arg names " + Arg.values().length);
            }
            return new OpenClSession(device, context, queue, program, kernel);
        } catch (RuntimeException e) {
            releaseQuietly(program, queue, context);
            if (e instanceof CLException) {
                throw new IllegalStateException("OpenCL kernel: could not set up " + device + " for worker "
                        + workerIndex + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** Uses the OpenCL 2.0 call where the device has it, else the 1.x one (deprecated since 2.0). */
    @SuppressWarnings("deprecation")
    private static cl_command_queue createQueue(cl_context context, OpenClDevices.Device device) {
        return device.majorVersion() >= 2
                ? CL.clCreateCommandQueueWithProperties(context, device.id(), new cl_queue_properties(), null)
                : CL.clCreateCommandQueue(context, device.id(), 0, null);
    }

    private static String loadSource() {
        try (InputStream in = OpenClSession.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IllegalStateException("OpenCL kernel: the kernel source " + SOURCE + " is not on the class"
                        + " path next to " + OpenClSession.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("OpenCL kernel: reading " + SOURCE + " failed", e);
        }
    }

    private static String buildLog(cl_program program, cl_device_id device) {
        try {
            long[] size = new long[1];
            CL.clGetProgramBuildInfo(program, device, CL.CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] bytes = new byte[(int) size[0]];
            CL.clGetProgramBuildInfo(program, device, CL.CL_PROGRAM_BUILD_LOG, bytes.length, Pointer.to(bytes),
                    null);
            return new String(bytes, StandardCharsets.UTF_8).trim();
        } catch (CLException e) {
            return "(not available: " + e.getMessage() + ")";
        }
    }

    boolean isReleased() {
        return released;
    }

    /**
     * Renders a tile: uploads the plane if it is not the last one, runs the kernel, reads back the wanted
     * quantities and converts them to double in arcsec, kg/m² and arcsec² as {@link JvmKernel} returns them.
     */
    double[][] render(LensPlane lensPlane, Tile tile, boolean[] wanted) {
        if (released) {
            throw new IllegalStateException("OpenCL kernel: session on " + device + " was released");
        }
        try {
            OpenClPlane p = prepare(lensPlane);
            int n = tile.pixels();
            float[] tileCoords = p.coordinates(tile);
            long coordsBytes = (long) tileCoords.length * Sizeof.cl_float;
            coords.ensure(coordsBytes);
            out.ensure((long) Quantity.COUNT * n * Sizeof.cl_float);
            CL.clEnqueueWriteBuffer(queue, coords.mem, true, 0, coordsBytes, Pointer.to(tileCoords), 0, null, null);
            // the plane's arguments were set by prepare
            setArg(Arg.COORDS, Sizeof.cl_mem, Pointer.to(coords.mem));
            setArg(Arg.WIDTH, Sizeof.cl_int, Pointer.to(new int[] {tile.width()}));
            setArg(Arg.HEIGHT, Sizeof.cl_int, Pointer.to(new int[] {tile.height()}));
            setArg(Arg.OUT, Sizeof.cl_mem, Pointer.to(out.mem));
            CL.clEnqueueNDRangeKernel(queue, kernel, 2, null, new long[] {tile.width(), tile.height()}, null, 0,
                    null, null);
            double[][] maps = new double[Quantity.COUNT][];
            float[] values = new float[n];
            for (int q = 0; q < maps.length; q++) {
                if (!wanted[q]) {
                    continue;
                }
                CL.clEnqueueReadBuffer(queue, out.mem, true, (long) q * n * Sizeof.cl_float,
                        (long) n * Sizeof.cl_float, Pointer.to(values), 0, null, null);
                double add = p.add[q];
                double multiply = p.multiply[q];
                double[] map = new double[n];
                for (int i = 0; i < n; i++) {
                    map[i] = (values[i] + add) * multiply;
                }
                maps[q] = map;
            }
            return maps;
        } catch (CLException e) {
            throw new IllegalStateException("OpenCL kernel: tile " + tile.index() + " (" + tile.width() + "x"
                    + tile.height() + " at " + tile.x0() + "," + tile.y0() + ") failed on " + device + ": "
                    + e.getMessage(), e);
        }
    }

    /** Converts and uploads the plane unless it is the one uploaded last, and sets its kernel arguments. */
    private OpenClPlane prepare(LensPlane lensPlane) {
        if (plane != null && (plane.plane == lensPlane || plane.plane.equals(lensPlane))) {
            return plane;
        }
        OpenClPlane converted = new OpenClPlane(lensPlane);
        releaseMem(leavesBuffer);
        leavesBuffer = null;
        plane = null;
        leavesBuffer = CL.clCreateBuffer(context, CL.CL_MEM_READ_ONLY | CL.CL_MEM_COPY_HOST_PTR,
                (long) converted.leaves.length * Sizeof.cl_float, Pointer.to(converted.leaves), null);
        plane = converted;
        setArg(Arg.LEAVES, Sizeof.cl_mem, Pointer.to(leavesBuffer));
        setArg(Arg.LEAF_COUNT, Sizeof.cl_int, Pointer.to(new int[] {converted.leafCount}));
        setArg(Arg.RATIO, Sizeof.cl_float, Pointer.to(new float[] {(float) lensPlane.ratio()}));
        setArg(Arg.HAS_SOURCE, Sizeof.cl_int, Pointer.to(new int[] {converted.hasSource ? 1 : 0}));
        setArg(Arg.SOURCE_X, Sizeof.cl_float, Pointer.to(new float[] {converted.sourceX}));
        setArg(Arg.SOURCE_Y, Sizeof.cl_float, Pointer.to(new float[] {converted.sourceY}));
        setArg(Arg.SOURCE_INV_TWO_SIGMA2, Sizeof.cl_float, Pointer.to(new float[] {converted.sourceInvTwoSigma2}));
        return converted;
    }

    private void setArg(Arg arg, long size, Pointer value) {
        CL.clSetKernelArg(kernel, arg.ordinal(), size, value);
    }

    /**
     * Releases every OpenCL object of the session; later renders on it fail.
     *
     * @throws IllegalStateException naming the device if OpenCL reported an error (everything is still released)
     */
    void release() {
        if (released) {
            return;
        }
        released = true;
        CLException first = null;
        for (Runnable step : new Runnable[] {
            () -> releaseMem(leavesBuffer), coords::release, out::release,
            () -> CL.clReleaseKernel(kernel), () -> CL.clReleaseProgram(program),
            () -> CL.clReleaseCommandQueue(queue), () -> CL.clReleaseContext(context)}) {
            try {
                step.run();
            } catch (CLException e) {
                first = first == null ? e : first;
            }
        }
        leavesBuffer = null;
        plane = null;
        if (first != null) {
            throw new IllegalStateException("OpenCL kernel: releasing the session on " + device + " failed: "
                    + first.getMessage(), first);
        }
    }

    /** A device buffer that grows to the largest size asked for. */
    private final class Buffer {
        private final long flags;
        private cl_mem mem;
        private long capacity;

        Buffer(long flags) {
            this.flags = flags;
        }

        void ensure(long bytes) {
            if (capacity < bytes) {
                release();
                mem = CL.clCreateBuffer(context, flags, bytes, null, null);
                capacity = bytes;
            }
        }

        void release() {
            releaseMem(mem);
            mem = null;
            capacity = 0;
        }
    }

    private static void releaseMem(cl_mem buffer) {
        if (buffer != null) {
            CL.clReleaseMemObject(buffer);
        }
    }

    private static void releaseQuietly(cl_program program, cl_command_queue queue, cl_context context) {
        try {
            if (program != null) {
                CL.clReleaseProgram(program);
            }
            if (queue != null) {
                CL.clReleaseCommandQueue(queue);
            }
            if (context != null) {
                CL.clReleaseContext(context);
            }
        } catch (CLException ignored) {
            // the setup error is the one to report
        }
    }
}
