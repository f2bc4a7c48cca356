package org.poolkit.mpi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.typesafe.config.Config;

/**
 * The {@code poolkit.mpi.*} settings (see {@code reference.conf}), read in one place for every side: the caller
 * ({@link MpiPoolProvider}, {@link LaunchedWorld}), {@link MpiRun}, and the ranks ({@link MpiRankMain}, SPMD).
 *
 * @param home             {@code home}: where MPJ Express lives; blank for {@code MPJ_HOME} or Debian's
 *                         (see {@link Mpj#home})
 * @param extraJars        {@code extra-jars}: more jars for the rank processes
 * @param maxMessageBytes  {@code max-message}: larger frames travel as several MPI messages; at most
 *                         {@link #MAX_MESSAGE_LIMIT}
 * @param heartbeatTimeout {@code heartbeat-timeout}: rank 0 gives a rank up after this long without a message
 * @param startTimeout     {@code start-timeout}: launched mode, the bound of the rendezvous and of the gateway's
 *                         connection
 * @param closeTimeout     {@code close-timeout}: how long the ranks get to end before they are killed
 * @param jvmOptions       {@code jvm-options}: launched mode, extra options of the rank JVMs
 * @param logDir           {@code log-dir}: launched mode, one log file per rank here
 */
record MpiSettings(String home, List<String> extraJars, int maxMessageBytes, Duration heartbeatTimeout,
                   Duration startTimeout, Duration closeTimeout, List<String> jvmOptions, Path logDir) {

    /** The largest {@code max-message}: a message is the frame plus a small header, in one Java array. */
    static final int MAX_MESSAGE_LIMIT = Integer.MAX_VALUE - 64;

    MpiSettings {
        extraJars = List.copyOf(extraJars);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * Reads the settings.
     *
     * @param config the configuration with {@code poolkit.mpi}
     * @return the settings, {@code max-message} clamped to {@link #MAX_MESSAGE_LIMIT}
     */
    static MpiSettings from(Config config) {
        Config c = config.getConfig("poolkit.mpi");
        return new MpiSettings(c.getString("home"), c.getStringList("extra-jars"),
                (int) Math.min(MAX_MESSAGE_LIMIT, c.getBytes("max-message")), c.getDuration("heartbeat-timeout"),
                c.getDuration("start-timeout"), c.getDuration("close-timeout"), c.getStringList("jvm-options"),
                Path.of(c.getString("log-dir")));
    }

    /**
     * The options of a launched rank's JVM: {@code jvm-options}, then the settings that the ranks read themselves,
     * as this side has them (a caller's {@code application.conf} is not on the ranks' path).
     */
    List<String> rankJvmOptions() {
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Dpoolkit.mpi.max-message=" + maxMessageBytes);
        options.add("-Dpoolkit.mpi.heartbeat-timeout=" + heartbeatTimeout.toMillis() + "ms");
        return options;
    }
}
