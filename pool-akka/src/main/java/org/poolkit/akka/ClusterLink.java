package org.poolkit.akka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
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
 * it unreachable, or when it leaves the cluster. The link then downs it, reports the loss once, naming the worker's
 * pid and, for a launched worker, its exit code (waiting up to {@link #EXIT_WAIT} for its JVM to exit, then killing
 * it) and its log file, and (when configured, for launched workers) starts a new JVM in its slot, which it reports
 * when that JVM has joined. Losses and joins are reported in order from one membership thread.
 */
final class ClusterLink implements Link<byte[]>, CallerActor.Members {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterLink.class);
    private static final Duration TERMINATE_TIMEOUT = Duration.ofSeconds(20);
    /** How long the report of a lost launched worker waits for its JVM to exit, for the exit code. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(2);

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

    /**
     * Whether a lost worker is still replaced: launched workers with {@code replace}, until {@code max-replacements}
     * is reached or the pool closes (then a {@code map} that lost every worker fails at once rather than wait).
     */
    @Override
    public boolean replaces() {
        synchronized (this) {
            return settings.launch() && settings.replace() && !closing && replacements < settings.maxReplacements();
        }
    }

    @Override
    public void start(WorkerSetup setup, Receiver<byte[]> receiver) {
        this.setup = setup;
        this.receiver = receiver;
        this.membership = MembershipThread.start(setup.poolId());
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
        Member member;
        synchronized (this) {
            member = slots[slot].member;
            if (member == null || !member.workerId.equals(workerId)) {
                if (!closing && workerId.equals(slots[slot].launchedId)) {
                    String reason = "worker JVM " + workerId + " (pid " + process.pid() + ") exited with code "
                            + process.exitValue() + "; log: " + launcher.logOf(workerId);
                    startupFailures.add(reason + "\n" + launcher.tail(workerId, 20));
                    LOG.warn("{}", reason);
                }
                return;
            }
        }
        lost(member, slot, null);
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
                lost(member, slot, "is " + what);
            }
        }
    }

    /**
     * Reports a member lost, once: marks it dead at once, then, on the membership thread, finds out how its JVM
     * ended (a launched worker's exit code, waiting at most {@link #EXIT_WAIT}; one still running is killed), and
     * reports the loss with its pid, that exit and its log file; then starts a replacement if configured.
     *
     * @param event what happened to it in the cluster ("is removed from the cluster"), or {@code null} when its
     *              process exited
     */
    private void lost(Member member, int slot, String event) {
        boolean replace;
        Process process;
        synchronized (this) {
            if (slots[slot].member != member || !member.alive) {
                return;
            }
            member.alive = false;
            String brief = "worker JVM " + member.workerId + " (pid " + member.pid + ") "
                    + (event == null ? "exited" : event);
            member.outbox.fail(brief);
            if (!started) {
                startupFailures.add(brief);
                return;
            }
            replace = settings.launch() && settings.replace() && !closing && replacements < settings.maxReplacements();
            if (replace) {
                replacements++;
            }
            Process launched = slots[slot].process;
            process = launched != null && launched.pid() == member.pid ? launched : null;
        }
        if (closing) {
            return;
        }
        Cluster.get(system).manager().tell(new Down(member.address));
        membership.execute(() -> {
            String reason = lossReason(member, event, process);
            LOG.warn("akka-cluster {}: lost worker in slot {}: {}", setup.poolId(), slot, reason);
            receiver.lost(slot, reason);
            if (replace) {
                try {
                    launch(slot);
                } catch (RuntimeException e) {
                    LOG.error("akka-cluster {}: cannot start a replacement in slot {}: {}", setup.poolId(), slot,
                            e.toString());
                }
            }
        });
    }

    /**
     * What the runtime's messages say of a lost worker: "worker JVM akka-cluster-76910d05/1/0 (pid 4242) at
     * akka://poolkit@127.0.0.1:40123 is removed from the cluster, and exited with code 3; log:
     * /tmp/poolkit-workers/akka-cluster-76910d05-1-0.log". A worker started elsewhere ({@code launch=false}) has no
     * process or log here: the message names the pid it introduced itself with. Waits for a launched JVM's exit.
     */
    private String lossReason(Member member, String event, Process process) {
        StringBuilder reason = new StringBuilder("worker JVM ").append(member.workerId)
                .append(" (pid ").append(member.pid).append(")");
        if (event != null) {
            reason.append(" at ").append(member.address).append(' ').append(event);
        }
        if (process == null) {
            return reason.append(event == null ? " exited" : "").toString();
        }
        reason.append(event == null ? " " : ", and ");
        if (ChildProcesses.awaitExit(List.of(process), EXIT_WAIT)) {
            reason.append("exited with code ").append(process.exitValue());
        } else {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            reason.append("was still running after ").append(EXIT_WAIT.toMillis()).append(" ms: killed");
        }
        return reason.append("; log: ").append(launcher.logOf(member.workerId)).toString();
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
