package org.poolkit.akka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import akka.actor.Address;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.ClusterEvent;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Down;
import akka.cluster.typed.Join;
import akka.cluster.typed.Subscribe;
import com.typesafe.config.Config;
import org.poolkit.api.PoolException;
import org.poolkit.api.PoolTimeoutException;
import org.poolkit.api.WorkerLostException;
import org.poolkit.spi.ChildProcesses;
import org.poolkit.spi.Codec;
import org.poolkit.spi.Command;
import org.poolkit.spi.Frames;
import org.poolkit.spi.Transport;
import org.poolkit.spi.WorkerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caller's side of an {@code akka-cluster} pool: an actor system that is the cluster's seed, worker JVMs in
 * slots, frames over Artery (chunked when large), and the detection and replacement of lost workers.
 *
 * <p>A worker is lost when its process exits (launched workers: at once), or when the cluster's failure detector
 * finds it unreachable, or when it leaves the cluster. The caller then downs it, fails what waited on it, and (when
 * configured, for launched workers) starts a new JVM in its slot; the runtime stores the live objects on the new
 * worker before anything else.
 */
final class ClusterTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterTransport.class);
    private static final Duration TERMINATE_TIMEOUT = Duration.ofSeconds(20);

    /** One incarnation of a worker in a slot. */
    private static final class Member {
        final String workerId;
        final ActorRef<Wire.Message> ref;
        final Address address;
        final long pid;
        final Outbox outbox;
        final Inbox inbox = new Inbox();
        volatile boolean alive = true;

        Member(String workerId, ActorRef<Wire.Message> ref, long pid, Outbox outbox) {
            this.workerId = workerId;
            this.ref = ref;
            this.address = ref.path().address();
            this.pid = pid;
            this.outbox = outbox;
        }
    }

    private final ClusterSettings settings;
    private final Config config;
    private final Member[] members;
    private final Process[] processes;
    private final String[] launchedIds;
    private final int[] incarnations;
    private final CountDownLatch joined;
    private final boolean[] joinedSlots;
    private final List<String> startupFailures = new ArrayList<>();
    private ExecutorService membership;
    private ActorSystem<Object> system;
    private WorkerLauncher launcher;
    private Listener listener;
    private WorkerSetup setup;
    private Codec codec;
    private String seed;
    private int replacements;
    private volatile boolean started;
    private volatile boolean closing;

    ClusterTransport(ClusterSettings settings, Config config) {
        this.settings = settings;
        this.config = config;
        this.members = new Member[settings.workers()];
        this.processes = new Process[settings.workers()];
        this.launchedIds = new String[settings.workers()];
        this.incarnations = new int[settings.workers()];
        this.joined = new CountDownLatch(settings.workers());
        this.joinedSlots = new boolean[settings.workers()];
    }

    @Override
    public int size() {
        return members.length;
    }

    @Override
    public void start(WorkerSetup setup, Listener listener) {
        this.setup = setup;
        this.listener = listener;
        this.codec = setup.codec(Codec.defaultClassLoader());
        this.membership = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "poolkit-" + setup.poolId() + "-membership");
            t.setDaemon(true);
            return t;
        });
        // a failure here is cleaned up by RuntimePool, which closes the transport
        system = ActorSystem.create(callerBehavior(), ClusterSettings.SYSTEM_NAME,
                ClusterSettings.akkaConfig(config, settings.host(), settings.port(), false));
        Cluster cluster = Cluster.get(system);
        Address self = cluster.selfMember().address();
        cluster.manager().tell(Join.create(self));
        seed = self.host().get() + ":" + self.port().get();
        if (settings.launch()) {
            launcher = new WorkerLauncher(settings, setup.poolId(), seed);
            for (int slot = 0; slot < members.length; slot++) {
                launch(slot);
            }
        }
        awaitWorkers();
        started = true;
    }

    private void awaitWorkers() {
        long deadline = System.nanoTime() + settings.joinTimeout().toNanos();
        try {
            while (!joined.await(100, TimeUnit.MILLISECONDS)) {
                synchronized (this) {
                    if (!startupFailures.isEmpty()) {
                        throw new PoolException("akka-cluster: a worker JVM failed to start: "
                                + String.join("; ", startupFailures));
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new PoolTimeoutException("akka-cluster: waited " + settings.joinTimeout() + " for "
                            + members.length + " workers to join akka://" + ClusterSettings.SYSTEM_NAME + "@" + seed
                            + "; " + (members.length - joined.getCount()) + " joined" + (settings.launch()
                            ? " (see the worker logs in " + settings.logDir() + ")"
                            : ". Start each worker with: java -cp <class path> " + AkkaWorker.class.getName()
                            + " --seed " + seed) + " (poolkit.akka.cluster.join-timeout / spec key join-timeout)");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PoolException("interrupted while waiting for workers to join", e);
        }
    }

    private synchronized void launch(int slot) {
        if (closing) {
            return;
        }
        String workerId = setup.poolId() + "/" + slot + "/" + incarnations[slot]++;
        Process process = launcher.launch(workerId);
        processes[slot] = process;
        launchedIds[slot] = workerId;
        process.onExit().thenAccept(p -> processExited(slot, workerId, p));
    }

    private void processExited(int slot, String workerId, Process process) {
        String reason = "worker JVM " + workerId + " (pid " + process.pid() + ") exited with code "
                + process.exitValue() + "; log: " + launcher.logOf(workerId);
        Member member;
        synchronized (this) {
            member = members[slot];
            if (member == null || !member.workerId.equals(workerId)) {
                if (!closing && workerId.equals(launchedIds[slot])) {
                    startupFailures.add(reason + "\n" + launcher.tail(workerId, 20));
                    LOG.warn("{}", reason);
                }
                return;
            }
        }
        lost(member, slot, reason);
    }

    private Behavior<Object> callerBehavior() {
        return Behaviors.setup(ctx -> {
            Cluster cluster = Cluster.get(ctx.getSystem());
            cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(),
                    ClusterEvent.ReachabilityEvent.class));
            cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), ClusterEvent.MemberEvent.class));
            return Behaviors.receive(Object.class)
                    .onMessage(Wire.Frame.class, frame -> {
                        deliver(frame.slot(), frame.bytes());
                        return Behaviors.same();
                    })
                    .onMessage(Wire.Chunk.class, chunk -> {
                        Member member = members[chunk.slot()];
                        if (member != null) {
                            member.ref.tell(new Wire.Ack(chunk.slot()));
                            byte[] whole = member.inbox.accept(chunk);
                            if (whole != null) {
                                deliver(chunk.slot(), whole);
                            }
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Wire.Ack.class, ack -> {
                        Member member = members[ack.slot()];
                        if (member != null) {
                            member.outbox.acknowledged();
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Wire.Hello.class, hello -> {
                        try {
                            hello(hello);
                        } catch (RuntimeException e) {
                            LOG.error("akka-cluster: cannot welcome worker {}", hello.workerId(), e);
                            synchronized (this) {
                                startupFailures.add("cannot welcome worker " + hello.workerId() + ": " + e);
                            }
                        }
                        return Behaviors.same();
                    })
                    .onMessage(ClusterEvent.UnreachableMember.class, event -> {
                        memberGone(event.member().address(), "unreachable (cluster failure detector)");
                        return Behaviors.same();
                    })
                    .onMessage(ClusterEvent.MemberRemoved.class, event -> {
                        memberGone(event.member().address(), "removed from the cluster");
                        return Behaviors.same();
                    })
                    .onAnyMessage(other -> Behaviors.same())
                    .build();
        });
    }

    private void deliver(int slot, byte[] frame) {
        listener.onReply(slot, Frames.decodeReply(codec, slot, frame));
    }

    private void hello(Wire.Hello hello) {
        int slot;
        synchronized (this) {
            slot = slotFor(hello.workerId());
            if (slot < 0 || closing) {
                LOG.warn("akka-cluster {}: no free slot for worker {} at {}; sending it away", setup.poolId(),
                        hello.workerId(), hello.worker().path().address());
                hello.worker().tell(new Wire.Shutdown());
                return;
            }
            Outbox outbox = new Outbox(hello.worker(), slot, "worker " + slot + " (" + hello.workerId() + ")",
                    settings.chunkSize(), settings.chunkWindow(), settings.ackTimeout());
            members[slot] = new Member(hello.workerId(), hello.worker(), hello.pid(), outbox);
            hello.worker().tell(new Wire.Welcome(slot, setup.toBytes()));
        }
        LOG.info("akka-cluster {}: worker {} (pid {}) joined in slot {}", setup.poolId(), hello.workerId(),
                hello.pid(), slot);
        if (!started) {
            synchronized (this) {
                if (!joinedSlots[slot]) {
                    joinedSlots[slot] = true;
                    joined.countDown();
                }
            }
        } else {
            int joinedSlot = slot;
            membership.execute(() -> listener.onWorkerJoined(joinedSlot));
        }
    }

    /** Launched workers come back to the slot in their id; others take the first free slot. */
    private int slotFor(String workerId) {
        if (settings.launch()) {
            for (int slot = 0; slot < members.length; slot++) {
                if (workerId.equals(launchedIds[slot]) && (members[slot] == null || !members[slot].alive)) {
                    return slot;
                }
            }
            return -1;
        }
        for (int slot = 0; slot < members.length; slot++) {
            if (members[slot] == null || (!members[slot].alive && started)) {
                return slot;
            }
        }
        return -1;
    }

    private void memberGone(Address address, String what) {
        for (int slot = 0; slot < members.length; slot++) {
            Member member = members[slot];
            if (member != null && member.address.equals(address)) {
                lost(member, slot, "worker " + member.workerId + " at " + address + " is " + what);
            }
        }
    }

    private void lost(Member member, int slot, String reason) {
        boolean replace;
        synchronized (this) {
            if (members[slot] != member || !member.alive) {
                return;
            }
            member.alive = false;
            member.outbox.fail(reason);
            if (!started) {
                startupFailures.add(reason);
                return;
            }
            replace = settings.launch() && settings.replace() && !closing && replacements < settings.maxReplacements();
            if (replace) {
                replacements++;
            }
        }
        if (closing) {
            return;
        }
        LOG.warn("akka-cluster {}: lost worker in slot {}: {}", setup.poolId(), slot, reason);
        Cluster.get(system).manager().tell(new Down(member.address));
        Process process = processes[slot];
        if (process != null && process.isAlive() && process.pid() == member.pid) {
            process.destroyForcibly();
        }
        membership.execute(() -> listener.onWorkerLost(slot, reason));
        if (replace) {
            membership.execute(() -> {
                try {
                    launch(slot);
                } catch (RuntimeException e) {
                    LOG.error("akka-cluster {}: cannot start a replacement in slot {}: {}", setup.poolId(), slot,
                            e.toString());
                }
            });
        }
    }

    @Override
    public void send(int worker, Command command) {
        sendFrame(worker, Frames.encodeCommand(codec, command));
    }

    /** Encodes the command once for all the workers (frames are never changed once made). */
    @Override
    public void broadcast(int[] workers, Command command) {
        byte[] frame = Frames.encodeCommand(codec, command);
        for (int worker : workers) {
            sendFrame(worker, frame);
        }
    }

    private void sendFrame(int worker, byte[] frame) {
        Member member = members[worker];
        if (member == null || !member.alive) {
            throw new WorkerLostException(worker, "akka-cluster worker in slot " + worker + " is not running");
        }
        member.outbox.send(frame);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        for (Member member : members) {
            if (member != null && member.alive) {
                member.ref.tell(new Wire.Shutdown());
                member.outbox.fail("the pool is closing");
            }
        }
        ChildProcesses.stop(Arrays.asList(processes), settings.closeTimeout(), "worker JVM");
        if (membership != null) {
            membership.shutdownNow();
            try {
                membership.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            // a replacement launched while closing began
            ChildProcesses.stop(Arrays.asList(processes), Duration.ZERO, "worker JVM");
        }
        if (system != null) {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture()
                        .get(TERMINATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("the caller's actor system did not terminate within {}: {}", TERMINATE_TIMEOUT,
                        e.toString());
            }
        }
        if (launcher != null) {
            launcher.deleteConfig();
        }
    }
}
