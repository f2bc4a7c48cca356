package org.poolkit.mpi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.poolkit.api.PoolException;
import org.poolkit.api.PoolTimeoutException;
import org.poolkit.support.ChildProcesses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MPI world launched from this JVM ({@code mpi:np=N}): N rank processes on loopback with niodev, rank 0 being
 * the gateway this JVM talks to. A rank process that exits while the pool is open breaks the world at once (its
 * exit code and log are in the message); closing finishes the world and kills ranks that outlive the grace period.
 */
final class LaunchedWorld {

    private static final Logger LOG = LoggerFactory.getLogger(LaunchedWorld.class);

    private final List<Process> processes;
    private final List<Path> logs;
    private final GatewayClient client;
    private final Duration closeTimeout;
    private volatile boolean closing;
    private volatile MpiLink link;

    private LaunchedWorld(List<Process> processes, List<Path> logs, GatewayClient client, Duration closeTimeout) {
        this.processes = processes;
        this.logs = logs;
        this.client = client;
        this.closeTimeout = closeTimeout;
    }

    static LaunchedWorld start(int np, MpiSettings settings) {
        String id = "mpi-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Duration timeout = settings.startTimeout();
        Path logDir = settings.logDir();
        List<String> jvm = settings.rankJvmOptions();
        String classPath = Mpj.classPath(settings, System.getProperty("java.class.path"));
        Path home = Mpj.home(settings);
        List<Path> logs = new ArrayList<>();
        Rendezvous rendezvous = null;
        try (ServerSocket gateway = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Files.createDirectories(logDir);
            rendezvous = new Rendezvous();
            for (int rank = 0; rank < np; rank++) {
                Path log = logDir.resolve(id + "-rank-" + rank + ".log");
                logs.add(log);
                List<String> args = rank == Ranks.COORDINATOR
                        ? List.of("--gateway", "127.0.0.1:" + gateway.getLocalPort()) : List.of();
                rendezvous.start(rank, np, jvm, classPath, home, MpiRankMain.class.getName(), args, log);
            }
            rendezvous.meet(np, timeout);
            Socket socket = acceptGateway(gateway, rendezvous, timeout);
            LaunchedWorld world = new LaunchedWorld(rendezvous.processes(), logs,
                    new GatewayClient(socket, id), settings.closeTimeout());
            world.watch();
            return world;
        } catch (IOException | RuntimeException e) {
            if (rendezvous != null) {
                ChildProcesses.stop(rendezvous.processes(), Duration.ZERO, "MPI rank");
            }
            if (e instanceof PoolException p) {
                throw p;
            }
            throw new PoolException("cannot launch " + np + " MPI ranks: " + e, e);
        } finally {
            if (rendezvous != null) {
                try {
                    rendezvous.close();
                } catch (IOException e) {
                    LOG.debug("closing the rendezvous: {}", e.toString());
                }
            }
        }
    }

    private static Socket acceptGateway(ServerSocket gateway, Rendezvous rendezvous, Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        gateway.setSoTimeout(200);
        while (System.nanoTime() < deadline) {
            try {
                return gateway.accept();
            } catch (SocketTimeoutException e) {
                Process rank0 = rendezvous.processes().get(Ranks.COORDINATOR);
                if (!rank0.isAlive()) {
                    throw new PoolException("MPI rank 0 exited with code " + rank0.exitValue()
                            + " before it connected");
                }
            }
        }
        throw new PoolTimeoutException("MPI rank 0 did not connect within " + timeout + " (poolkit.mpi.start-timeout)");
    }

    private void watch() {
        for (int rank = 0; rank < processes.size(); rank++) {
            int r = rank;
            processes.get(rank).onExit().thenAccept(p -> {
                if (!closing && link != null) {
                    link.lost(r, "its process (pid " + p.pid() + ") exited with code " + p.exitValue()
                            + "; log: " + logs.get(r));
                    killAll();
                }
            });
        }
    }

    RankZero rankZero() {
        return client;
    }

    /** The link that hears of a rank process that exits while the pool is open. */
    void attach(MpiLink link) {
        this.link = link;
    }

    private void killAll() {
        for (Process process : processes) {
            process.destroyForcibly();
        }
    }

    void close() {
        closing = true;
        client.finish();
        ChildProcesses.stop(processes, closeTimeout, "MPI rank");
        client.disconnect();
    }
}
