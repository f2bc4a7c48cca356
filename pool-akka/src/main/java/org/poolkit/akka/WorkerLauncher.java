package org.poolkit.akka;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import com.typesafe.config.ConfigRenderOptions;
import org.poolkit.api.PoolException;
import org.poolkit.support.ChildProcesses;

/**
 * Starts worker JVMs on this machine with the caller's class path and the caller's {@code poolkit} settings; each
 * writes its output to its own log file.
 */
final class WorkerLauncher {

    private final ClusterSettings settings;
    private final String seed;
    private final Path logDir;
    private final Path configFile;

    WorkerLauncher(ClusterSettings settings, String poolId, String seed) {
        this.settings = settings;
        this.seed = seed;
        this.logDir = Path.of(settings.logDir());
        try {
            Files.createDirectories(logDir);
            restrict(logDir, "rwx------");
            this.configFile = logDir.resolve(poolId + ".conf");
            String rendered = settings.poolkitConfig().resolve().root()
                    .render(ConfigRenderOptions.concise().setJson(false).setFormatted(true));
            // the settings may hold TLS passwords: only this user may read them
            Files.deleteIfExists(configFile);
            Files.createFile(configFile);
            restrict(configFile, "rw-------");
            Files.writeString(configFile, rendered, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the worker log directory " + logDir, e);
        }
    }

    private static void restrict(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its default permissions apply
        }
    }

    /** The log file of a worker. */
    Path logOf(String workerId) {
        return logDir.resolve(workerId.replace('/', '-') + ".log");
    }

    Process launch(String workerId) {
        List<String> jvm = new ArrayList<>(settings.jvmOptions());
        jvm.add("-Dconfig.file=" + configFile);
        List<String> command = ChildProcesses.javaCommand(jvm, settings.classPath(), AkkaWorker.class.getName(),
                List.of("--seed", seed, "--id", workerId, "--parent-pid", Long.toString(ProcessHandle.current().pid())));
        File log = logOf(workerId).toFile();
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                    .start();
        } catch (IOException e) {
            throw new PoolException("cannot start worker JVM " + workerId + ": " + e.getMessage(), e);
        }
    }

    /** The last lines of a worker's log, for error messages. */
    String tail(String workerId, int lines) {
        try {
            List<String> all = Files.readAllLines(logOf(workerId), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    void deleteConfig() {
        try {
            Files.deleteIfExists(configFile);
        } catch (IOException e) {
            // a leftover file in the log directory is harmless
        }
    }
}
