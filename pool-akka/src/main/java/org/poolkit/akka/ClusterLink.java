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
import akka.actor.typed.ActorSystem;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Down;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import org.poolkit.api.PoolException;
import org.poolkit.api.PoolTimeoutException;
import org.poolkit.api.WorkerLostException;
import org.poolkit.support.ChildProcesses;
import org.poolkit.spi.Link;
import org.poolkit.spi.WorkerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caller's side of an {@code akka-cluster} pool, a link that moves frames: an actor system that is the
 * cluster's seed, a worker JVM in each slot, frames over Artery (chunked when large), and the detection and
 * replacement of lost workers.
 *
 * <p>A worker is lost when its process exits (launched workers: at once), when the cluster's failure detector finds
 * it unreachable, or when it leaves the cluster. The link then downs it, reports the loss once and (when configured,
 * for launched workers) starts a new JVM in its slot, which it reports when that JVM has joined. Losses and joins
 * are reported in order from one membership thread.
 */
final class ClusterLink implements Link<byte[]>, CallerActor.Members {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterLink.class);
    private static final Duration TERMINATE_TIMEOUT = Duration.ofSeconds(20);

    /** What the link knows of one slot; guarded by the link, except {@link #member}, which senders read. */
    private static final class Slot {
        /** The worker that joined last, or {@code null}. */
        volatile Member member;
        /** The JVM launched last for this slot ({@code launch=true}), and its worker id. */
        Process process;
        String launchedId;
        /** How many JVMs were launched for this slot. */
        int incarnations;
        /** Whether a worker joined before the link started. */
        boolean joined;

        boolean free() {
            Member m = member;
            return m == null || !m.alive;
        }
    }

    private final ClusterSettings settings;
    private final Config config;
    private final Slot[] slots;
    private final CountDownLatch joined;
    private final List<String> startupFailures = new ArrayList<>();
    private ExecutorService membership;
    private ActorSystem<Object> system;
    private WorkerLauncher launcher;
    private Receiver<byte[]> receiver;
    private WorkerSetup setup;
    private String seed;
    private int replacements;
    private volatile boolean started;
    private volatile boolean closing;

    ClusterLink(ClusterSettings settings, Config config) {
        this.settings = settings;
        this.config = config;
        this.slots = new Slot[settings.workers()];
        Arrays.setAll(slots, s -> new Slot());
        this.joined = new CountDownLatch(slots.length);
    }

    @Override
    public int slots() {
        return slots.length;
    }

    @Override
    public void start(WorkerSetup setup, Receiver<byte[]> receiver) {
        this.setup = setup;
        this.receiver = receiver;
        this.membership = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "poolkit-" + setup.poolId() + "-membership");
            t.setDaemon(true);
            return t;
        });
        // a failure here is cleaned up by the runtime, which closes the link
        system = ActorSystem.create(CallerActor.create(this), ClusterSettings.SYSTEM_NAME,
                ClusterSettings.akkaConfig(config, settings.host(), settings.port(), false));
        Cluster cluster = Cluster.get(system);
        Address self = cluster.selfMember().address();
        cluster.manager().tell(Join.create(self));
        seed = self.host().get() + ":" + self.port().get();
        if (settings.launch()) {
            launcher = new WorkerLauncher(settings, setup.poolId(), seed);
            for (int slot = 0; slot < slots.length; slot++) {
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
                            + slots.length + " workers to join akka://" + ClusterSettings.SYSTEM_NAME + "@" + seed
                            + "; " + (slots.length - joined.getCount()) + " joined" + (settings.launch()
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

    private synchronized void launch(int index) {
        if (closing) {
            return;
        }
        Slot slot = slots[index];
        String workerId = setup.poolId() + "/" + index + "/" + slot.incarnations++;
        slot.process = launcher.launch(workerId);
        slot.launchedId = workerId;
        slot.process.onExit().thenAccept(p -> processExited(index, workerId, p));
    }

    private void processExited(int slot, String workerId, Process process) {
        String reason = "worker JVM " + workerId + " (pid " + process.pid() + ") exited with code "
                + process.exitValue() + "; log: " + launcher.logOf(workerId);
        Member member;
        synchronized (this) {
            member = slots[slot].member;
            if (member == null || !member.workerId.equals(workerId)) {
                if (!closing && workerId.equals(slots[slot].launchedId)) {
                    startupFailures.add(reason + "\n" + launcher.tail(workerId, 20));
                    LOG.warn("{}", reason);
                }
                return;
            }
        }
        lost(member, slot, reason);
    }

    @Override
    public Member member(int slot) {
        return slot >= 0 && slot < slots.length ? slots[slot].member : null;
    }

    @Override
    public void received(int slot, byte[] frame) {
        receiver.received(slot, frame);
    }

    @Override
    public void hello(Wire.Hello hello) {
        try {
            welcome(hello);
        } catch (RuntimeException e) {
            LOG.error("akka-cluster: cannot welcome worker {}", hello.workerId(), e);
            synchronized (this) {
                startupFailures.add("cannot welcome worker " + hello.workerId() + ": " + e);
            }
        }
    }

    private void welcome(Wire.Hello hello) {
        int slot;
        boolean replacement;
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
            slots[slot].member = new Member(hello.workerId(), hello.worker(), hello.pid(), outbox);
            hello.worker().tell(new Wire.Welcome(slot, setup.toBytes()));
            replacement = started;
            if (!replacement && !slots[slot].joined) {
                slots[slot].joined = true;
                joined.countDown();
            }
        }
        LOG.info("akka-cluster {}: worker {} (pid {}) joined in slot {}", setup.poolId(), hello.workerId(),
                hello.pid(), slot);
        if (replacement) {
            membership.execute(() -> receiver.joined(slot));
        }
    }

    /** Launched workers come back to the slot in their id; others take the first free slot. */
    private int slotFor(String workerId) {
        for (int index = 0; index < slots.length; index++) {
            Slot slot = slots[index];
            boolean free = settings.launch() ? workerId.equals(slot.launchedId) && slot.free()
                    : slot.member == null || (started && slot.free());
            if (free) {
                return index;
            }
        }
        return -1;
    }

    @Override
    public void gone(Address address, String what) {
        for (int slot = 0; slot < slots.length; slot++) {
            Member member = slots[slot].member;
            if (member != null && member.address.equals(address)) {
                lost(member, slot, "worker " + member.workerId + " at " + address + " is " + what);
            }
        }
    }

    private void lost(Member member, int slot, String reason) {
        boolean replace;
        Process process;
        synchronized (this) {
            if (slots[slot].member != member || !member.alive) {
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
            process = slots[slot].process;
        }
        if (closing) {
            return;
        }
        LOG.warn("akka-cluster {}: lost worker in slot {}: {}", setup.poolId(), slot, reason);
        Cluster.get(system).manager().tell(new Down(member.address));
        if (process != null && process.isAlive() && process.pid() == member.pid) {
            process.destroyForcibly();
        }
        membership.execute(() -> receiver.lost(slot, reason));
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
    public void send(int slot, byte[] frame) {
        Member member = slots[slot].member;
        if (member == null || !member.alive) {
            return; // gone: the loss is reported (Link's contract)
        }
        try {
            member.outbox.send(frame);
        } catch (WorkerLostException e) {
            // the worker went away during the send: its loss is reported
        }
    }

    @Override
    public void close() {
        List<Process> processes;
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            // launch() checks closing under this lock: no JVM starts after this
            processes = Arrays.stream(slots).map(slot -> slot.process).toList();
        }
        for (Slot slot : slots) {
            Member member = slot.member;
            if (member != null && member.alive) {
                member.ref.tell(new Wire.Shutdown());
                member.outbox.fail("the pool is closing");
            }
        }
        ChildProcesses.stop(processes, settings.closeTimeout(), "worker JVM");
        if (membership != null) {
            membership.shutdownNow();
            try {
                membership.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (system != null) {
            ActorSystems.terminate(system, TERMINATE_TIMEOUT);
        }
        if (launcher != null) {
            launcher.deleteConfig();
        }
    }
}
