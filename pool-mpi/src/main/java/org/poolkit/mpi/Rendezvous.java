package org.poolkit.mpi;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.poolkit.api.PoolException;
import org.poolkit.api.PoolTimeoutException;
import org.poolkit.support.ChildProcesses;

/**
 * Starts the processes of an MPI world on this machine with MPJ's niodev device, without MPJ's daemon: it answers
 * the niodev rendezvous itself (each rank reports its ports; every rank gets the sorted peer table). Waits are
 * bounded, and a rank that dies before the rendezvous fails the start with its log.
 */
final class Rendezvous implements AutoCloseable {

    private final ServerSocket server;
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();

    Rendezvous() throws IOException {
        this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    }

    /** The second argument of every rank's {@code MPI.Init}: world size and where the rendezvous is. */
    String conf(int np) {
        return "#Number of Processes;" + np + ";#Protocol Switch Limit;131072;#Server Name;127.0.0.1;#Server Port;"
                + server.getLocalPort();
    }

    /**
     * Starts rank {@code rank}: {@code java <jvmOptions> -cp <classPath> <mainClass> rank conf niodev <args>}.
     */
    Process start(int rank, int np, List<String> jvmOptions, String classPath, Path mpjHome, String mainClass,
                  List<String> args, Path log) throws IOException {
        List<String> rankArgs = new ArrayList<>(List.of(Integer.toString(rank), conf(np), "niodev"));
        rankArgs.addAll(args);
        List<String> command = ChildProcesses.javaCommand(jvmOptions, classPath, mainClass, rankArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MPJ_HOME", mpjHome.toString());
        if (log != null) {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        } else {
            builder.inheritIO();
        }
        Process process = builder.start();
        processes.add(process);
        logs.add(log);
        return process;
    }

    /** Answers the rendezvous of {@code np} ranks. */
    void meet(int np, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Integer, String> peers = new TreeMap<>();
        List<Socket> sockets = new ArrayList<>();
        server.setSoTimeout(200);
        try {
            while (peers.size() < np) {
                checkAlive();
                if (System.nanoTime() > deadline) {
                    throw new PoolTimeoutException("MPI rendezvous: " + peers.size() + " of " + np
                            + " ranks reported within " + timeout + " (poolkit.mpi.start-timeout)");
                }
                Socket socket;
                try {
                    socket = server.accept();
                } catch (SocketTimeoutException e) {
                    continue;
                }
                sockets.add(socket);
                socket.setSoTimeout((int) Math.max(1_000, timeout.toMillis()));
                DataInputStream in = new DataInputStream(socket.getInputStream());
                String hello = in.readUTF();
                int writePort = in.readInt();
                int readPort = in.readInt();
                int rank = in.readInt();
                if (!"Sending Info".equals(hello)) {
                    throw new PoolException("MPI rendezvous: unexpected greeting '" + hello + "'");
                }
                peers.put(rank, "127.0.0.1@" + readPort + "@" + writePort + "@" + rank + "@0");
            }
            String table = "#Peer Information;" + String.join(";", peers.values());
            for (Socket socket : sockets) {
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                out.writeUTF(table);
                out.flush();
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private void checkAlive() {
        for (int i = 0; i < processes.size(); i++) {
            Process process = processes.get(i);
            if (!process.isAlive()) {
                throw new PoolException("MPI rank " + i + " (pid " + process.pid() + ") exited with code "
                        + process.exitValue() + " before the rendezvous" + (logs.get(i) != null ? "; log: "
                        + logs.get(i) : ""));
            }
        }
    }

    List<Process> processes() {
        return processes;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
