package org.poolkit.examples.reducedbasis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

/**
 * What one run of the program printed and its exit code, with the lines a test asks about.
 *
 * @param exitCode the exit code
 * @param lines    the lines of its standard output
 * @param log      everything it printed (standard output and error), for failure messages
 */
record Outcome(int exitCode, List<String> lines, String log) {

    /** Returns the rest of the first line that starts with {@code prefix + " "}, if any. */
    Optional<String> value(String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix + " ")).findFirst()
                .map(line -> line.substring(prefix.length() + 1));
    }

    /** Returns the rest of the first line that starts with {@code prefix + " "}; fails when there is none. */
    String required(String prefix) {
        return value(prefix).orElseThrow(() -> new AssertionError("no " + prefix + " line in:\n" + log));
    }

    /** Asserts that the run finished normally; returns its checksum as printed. */
    String result() {
        assertEquals(0, exitCode, log);
        return required("RESULT");
    }

    /**
     * Asserts that the run stopped with {@code LOST}, exit code 3, naming one of the loop's handles and
     * {@code worker}; returns the message.
     */
    String lost(String worker) {
        assertEquals(ReducedBasis.LOST, exitCode, log);
        assertTrue(value("RESULT").isEmpty(), "a run that lost its state printed a RESULT:\n" + log);
        String message = required("LOST");
        String snapshots = required("HANDLE snapshots");
        String points = required("HANDLE points");
        assertTrue(message.contains(snapshots) || message.contains(points),
                "LOST names neither " + snapshots + " nor " + points + ": " + message);
        assertTrue(message.contains(worker), "LOST does not name " + worker + ": " + message);
        assertTrue(message.contains("restore"), "LOST does not say how to recover: " + message);
        return message;
    }

    /** The residual of every ITERATION line, in order. */
    List<Double> residuals() {
        return lines.stream().filter(line -> line.startsWith("ITERATION "))
                .map(line -> Double.parseDouble(line.replaceAll(".* residual=(\\S+) .*", "$1"))).toList();
    }
}
