package org.poolkit.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the harness ran on. */
final class Machine {

    private Machine() {
    }

    static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpu", firstLine(Path.of("/proc/cpuinfo"), "model name").replaceFirst(".*:\\s*", ""));
        m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("memory", firstLine(Path.of("/proc/meminfo"), "MemTotal").replaceFirst(".*:\\s*", ""));
        m.put("os", firstLine(Path.of("/etc/os-release"), "PRETTY_NAME").replaceFirst("PRETTY_NAME=", "")
                .replace("\"", ""));
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        m.put("opencl", command(List.of("clinfo", "-l")).replaceAll("\\s+", " ").trim());
        m.put("gcc", command(List.of("gcc", "--version")).lines().findFirst().orElse("absent"));
        m.put("python", command(List.of("/usr/bin/python3", "--version")).trim());
        return m;
    }

    private static String firstLine(Path file, String prefix) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(prefix)).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A short command's output, or "absent" (bounded: 20 s). */
    private static String command(List<String> command) {
        String output = Host.output(command, Duration.ofSeconds(20));
        return output == null ? "absent" : output;
    }
}
