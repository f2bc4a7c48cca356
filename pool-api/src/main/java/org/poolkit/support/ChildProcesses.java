package org.poolkit.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker processes started by a backend: the command line of a worker JVM with this JVM's {@code java}, and the
 * bounded stop that every backend needs on close (wait, then kill what is left, then wait again).
 *
 * @since 0.1
 */
public final class ChildProcesses {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcesses.class);
    private static final Duration AFTER_KILL = Duration.ofSeconds(10);

    private ChildProcesses() {
    }

    /**
     * Builds {@code java <jvmOptions> -cp <classPath> <mainClass> <args>} with this JVM's {@code java}.
     *
     * @param jvmOptions options for the JVM
     * @param classPath  the class path
     * @param mainClass  the main class
     * @param args       the program's arguments
     * @return the command
     */
    public static List<String> javaCommand(List<String> jvmOptions, String classPath, String mainClass,
                                           List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /**
     * Waits for processes to exit.
     *
     * @param processes the processes ({@code null} entries are skipped)
     * @param timeout   how long to wait for all of them together
     * @return whether all exited
     */
    public static boolean awaitExit(Collection<Process> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean all = true;
        for (Process process : processes) {
            if (process == null) {
                continue;
            }
            try {
                all &= process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return all;
    }

    /**
     * Gives processes {@code grace} to exit on their own, then kills those still alive, with their descendants, and
     * waits for them.
     *
     * @param processes the processes ({@code null} entries are skipped)
     * @param grace     how long they may take to exit
     * @param what      what they are, for the log ("worker JVM", "MPI rank")
     * @return {@code true} if all exited within {@code grace}, {@code false} if some had to be killed
     */
    public static boolean stop(Collection<Process> processes, Duration grace, String what) {
        if (awaitExit(processes, grace)) {
            return true;
        }
        for (Process process : processes) {
            if (process != null && process.isAlive()) {
                LOG.warn("{} pid {} did not exit within {}; killing it", what, process.pid(), grace);
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
        awaitExit(processes, AFTER_KILL);
        return false;
    }
}
