package org.poolkit.benchmarks;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.poolkit.support.ChildProcesses;

/** What the harness does on this machine besides measuring: child processes with bounded waits, scratch files. */
final class Host {

    private Host() {
    }

    /**
     * Waits for a child process; if it overruns, kills it and its descendants ({@link ChildProcesses#stop}).
     *
     * @return whether it finished within {@code timeout}
     */
    static boolean finish(Process process, Duration timeout, String what) {
        return ChildProcesses.stop(List.of(process), timeout, what);
    }

    /**
     * Runs a short command and returns what it printed (stdout and stderr), or {@code null} if it cannot be
     * started, overruns {@code timeout} (it is then killed) or exits with an error.
     */
    static String output(List<String> command, Duration timeout) {
        Path out = null;
        try {
            out = Files.createTempFile("poolkit-bench", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .start();
            if (!finish(process, timeout, String.join(" ", command)) || process.exitValue() != 0) {
                return null;
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } finally {
            deleteQuietly(out);
        }
    }

    /** The last non-blank line of a program's output (where the peers and the C kernel print their JSON). */
    static String lastLine(String output) {
        String text = output.strip();
        return text.substring(text.lastIndexOf('\n') + 1).strip();
    }

    /** Parses strict JSON. */
    static Config json(String line) {
        return ConfigFactory.parseString(line, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
    }

    /** The numbers of a JSON list; {@code null} (how the programs print NaN and infinities) reads as NaN. */
    static double[] numbers(ConfigList list) {
        double[] values = new double[list.size()];
        for (int k = 0; k < values.length; k++) {
            ConfigValue value = list.get(k);
            if (value.valueType() == ConfigValueType.NULL) {
                values[k] = Double.NaN;
            } else if (value.valueType() == ConfigValueType.NUMBER) {
                values[k] = ((Number) value.unwrapped()).doubleValue();
            } else {
                throw new IllegalStateException("expected a number or null, got " + value.render());
            }
        }
        return values;
    }

    /** Deletes a file if it exists; a leftover temporary file is harmless. */
    static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // harmless: a temporary file stays behind
        }
    }

    /** Deletes a folder and everything in it. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
