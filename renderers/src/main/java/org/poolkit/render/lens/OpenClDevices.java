package org.poolkit.render.lens;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * The OpenCL devices of this JVM, listed once over all platforms: the GPUs and accelerators if there are any, else
 * the CPUs. Worker {@code i} uses device {@code i mod count}. Nothing here touches JOCL until first asked, so a
 * machine without OpenCL only fails when the OpenCL kernel is chosen.
 */
final class OpenClDevices {

    /** How to get OpenCL, appended to every "unavailable" message. */
    static final String HOW_TO_FIX = "; on Debian/Ubuntu install a loader and a CPU driver with 'apt-get install"
            + " ocl-icd-libopencl1 pocl-opencl-icd' (or your GPU vendor's OpenCL driver), or render with"
            + " '--kernel jvm', which needs nothing";

    /** A device and where it was found. */
    record Device(int index, cl_platform_id platform, cl_device_id id, String name, int majorVersion) {
        @Override
        public String toString() {
            return "OpenCL device " + index + " (" + name + ")";
        }
    }

    private static volatile List<Device> devices;

    private OpenClDevices() {
    }

    /**
     * Returns the devices, listing them on first use.
     *
     * @throws OpenClUnavailableException if there is no loader, no platform or no device
     */
    static List<Device> all() {
        List<Device> found = devices;
        if (found == null) {
            synchronized (OpenClDevices.class) {
                found = devices;
                if (found == null) {
                    found = find();
                    devices = found;
                }
            }
        }
        return found;
    }

    /** Returns the device for a worker: index mod the number of devices. */
    static Device forWorker(int workerIndex) {
        List<Device> list = all();
        return list.get(Math.floorMod(workerIndex, list.size()));
    }

    private static List<Device> find() {
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            try {
                CL.clGetPlatformIDs(0, null, count);
            } catch (CLException e) {
                if (e.getStatus() != CL.CL_PLATFORM_NOT_FOUND_KHR) {
                    throw e;
                }
                count[0] = 0;
            }
            if (count[0] == 0) {
                throw new OpenClUnavailableException("OpenCL kernel: no OpenCL platform found (the loader"
                        + " libOpenCL.so.1 is there but finds no installable client driver in /etc/OpenCL/vendors"
                        + " or $OCL_ICD_VENDORS)" + HOW_TO_FIX, null);
            }
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            CL.clGetPlatformIDs(platforms.length, platforms, null);
            List<Device> list = ofType(platforms, CL.CL_DEVICE_TYPE_GPU | CL.CL_DEVICE_TYPE_ACCELERATOR);
            if (list.isEmpty()) {
                list = ofType(platforms, CL.CL_DEVICE_TYPE_CPU);
            }
            if (list.isEmpty()) {
                list = ofType(platforms, CL.CL_DEVICE_TYPE_ALL);
            }
            if (list.isEmpty()) {
                throw new OpenClUnavailableException("OpenCL kernel: " + platforms.length + " OpenCL platform(s)"
                        + " found but no device" + HOW_TO_FIX, null);
            }
            return List.copyOf(list);
        } catch (LinkageError e) {
            throw new OpenClUnavailableException("OpenCL kernel: no OpenCL loader: libOpenCL.so.1 (or JOCL's native"
                    + " library) could not be loaded (" + e + ")" + HOW_TO_FIX, e);
        } catch (CLException e) {
            throw new OpenClUnavailableException("OpenCL kernel: listing the OpenCL platforms and devices failed ("
                    + e.getMessage() + ")" + HOW_TO_FIX, e);
        }
    }

    private static List<Device> ofType(cl_platform_id[] platforms, long type) {
        List<Device> list = new ArrayList<>();
        for (cl_platform_id platform : platforms) {
            int[] count = new int[1];
            try {
                CL.clGetDeviceIDs(platform, type, 0, null, count);
            } catch (CLException e) {
                if (e.getStatus() != CL.CL_DEVICE_NOT_FOUND) {
                    throw e;
                }
                continue;
            }
            cl_device_id[] ids = new cl_device_id[count[0]];
            CL.clGetDeviceIDs(platform, type, ids.length, ids, null);
            for (cl_device_id id : ids) {
                list.add(new Device(list.size(), platform, id, info(id, CL.CL_DEVICE_NAME),
                        majorVersion(info(id, CL.CL_DEVICE_VERSION))));
            }
        }
        return list;
    }

    /** Parses "OpenCL 3.0 PoCL ..." into 3; 1 if the string has another form. */
    private static int majorVersion(String version) {
        String[] words = version.split("[ .]");
        try {
            return words.length > 1 ? Integer.parseInt(words[1]) : 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Returns a string property of a device. */
    static String info(cl_device_id device, int parameter) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(device, parameter, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        CL.clGetDeviceInfo(device, parameter, bytes.length, Pointer.to(bytes), null);
        int length = bytes.length;
        while (length > 0 && bytes[length - 1] == 0) {
            length--;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8).trim();
    }
}
