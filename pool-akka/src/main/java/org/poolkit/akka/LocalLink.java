package org.poolkit.akka;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReferenceArray;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import org.poolkit.runtime.WorkerLoop;
import org.poolkit.spi.Link;
import org.poolkit.spi.WorkerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link of the {@code akka} pool: a worker actor in each slot, in this JVM, each on its own thread. Messages are
 * the runtime's objects, passed as they are: the only copies are those the contract asks for (pushed objects, and
 * each worker's own decoded copy of a function).
 *
 * <p><b>A worker that fails.</b> A fatal error ({@link WorkerLoop}'s failure policy: a {@link VirtualMachineError}
 * other than {@code OutOfMemoryError}/{@code StackOverflowError}, from a user's function say) ends only that worker:
 * its actor catches it and stops (Akka never sees it, so it neither exits this JVM nor terminates the actor system;
 * the local system's {@code jvm-exit-on-fatal-error = off} is the safety net), the slot is reported lost with a
 * reason naming the error, and a new actor with a fresh {@link WorkerLoop} takes the slot and is reported joined.
 * Losses and joins are reported in that order from one membership thread.
 *
 * <p><b>Closing.</b> {@link #close()} is bounded (3 s): it terminates the actor system, interrupts a worker still
 * running a function after 2 s, and leaves one that still does not return 1 s later behind, with a warning naming
 * its thread. Every thread of the local system is a daemon
 * ({@code poolkit.akka.local-system}), so a function that never returns does not keep this JVM from exiting.
 */
final class LocalLink implements Link<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(LocalLink.class);
    /** How long {@link #close()} waits for the workers to finish what they run before it interrupts them. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);
    /** How long {@link #close()} waits after interrupting workers before it leaves them behind. */
    private static final Duration AFTER_INTERRUPT = Duration.ofSeconds(1);
    private static final String DISPATCHER = "poolkit-worker-dispatcher";

    /** One worker actor in a slot: the first or a replacement. */
    private final class Worker {
        final int slot;
        final int incarnation;
        final WorkerLoop<Object> loop;
        /** Set once, before the worker is published in {@link #workers}. */
        ActorRef<Object> ref;
        /** The thread running a message now, or {@code null}; guarded by this worker. */
        private Thread running;
        /** What ended the actor while the pool was open, if it ended itself, and on which thread. */
        private volatile String failure;

        Worker(int slot, int incarnation, WorkerLoop<Object> loop) {
            this.slot = slot;
            this.incarnation = incarnation;
            this.loop = loop;
        }

        Behavior<Object> behavior() {
            return Behaviors.receive(Object.class)
                    .onAnyMessage(message -> {
                        synchronized (this) {
                            running = Thread.currentThread();
                        }
                        try {
                            loop.handle(message, reply -> receiver.received(slot, reply));
                        } catch (Throwable e) {
                            // a fatal error (WorkerLoop lets nothing else out): it ends this worker only, and Akka
                            // never sees it
                            failure = describe(e) + " on thread " + Thread.currentThread().getName();
                            return Behaviors.stopped();
                        } finally {
                            synchronized (this) {
                                running = null;
                                Thread.interrupted(); // a function's interrupt, or close()'s, never reaches the next
                            }
                        }
                        return Behaviors.same();
                    })
                    .onSignal(PostStop.class, signal -> {
                        loop.close();
                        if (!closing) {
                            try {
                                membership.execute(() -> replace(this));
                            } catch (RejectedExecutionException e) {
                                // closing meanwhile: nothing to report
                            }
                        }
                        return Behaviors.same();
                    })
                    .build();
        }

        /** Interrupts the function this worker runs, if any. */
        synchronized void interruptRunning() {
            if (running != null) {
                running.interrupt();
            }
        }

        synchronized Thread running() {
            return running;
        }

        String lossReason() {
            String why = failure;
            return "the worker actor in slot " + slot + (incarnation > 0 ? " (replacement " + incarnation + ")" : "")
                    + (why == null ? " stopped unexpectedly" : " ended by " + why);
        }
    }

    private final int slots;
    private final Config config;
    private final AtomicReferenceArray<Worker> workers;
    private ActorSystem<Void> system;
    private ExecutorService membership;
    private WorkerSetup setup;
    private Receiver<Object> receiver;
    private volatile boolean closing;
    /** Set when a replacement could not be started. */
    private volatile boolean broken;

    LocalLink(int slots, Config config) {
        this.slots = slots;
        this.config = config;
        this.workers = new AtomicReferenceArray<>(slots);
    }

    @Override
    public int slots() {
        return slots;
    }

    /** A worker actor that ends is replaced at once, until the pool closes or a replacement cannot start. */
    @Override
    public boolean replaces() {
        return !closing && !broken;
    }

    @Override
    public void start(WorkerSetup setup, Receiver<Object> receiver) {
        this.setup = setup;
        this.receiver = receiver;
        this.membership = MembershipThread.start(setup.poolId());
        Config systemConfig = config.getConfig("poolkit.akka.local-system").withFallback(config);
        system = ActorSystem.create(Behaviors.empty(), "poolkit-" + setup.poolId(), systemConfig);
        for (int slot = 0; slot < slots; slot++) {
            spawn(slot, 0);
        }
    }

    private void spawn(int slot, int incarnation) {
        Worker worker = new Worker(slot, incarnation, WorkerLoop.objects(setup, slot));
        worker.ref = system.systemActorOf(worker.behavior(), "worker-" + slot + "-" + incarnation,
                DispatcherSelector.fromConfig(DISPATCHER));
        workers.set(slot, worker);
    }

    /** On the membership thread: reports the loss of a worker that ended itself, then starts a new one in its slot. */
    private void replace(Worker worker) {
        String reason = worker.lossReason();
        LOG.warn("akka pool {}: {}; a new worker actor takes the slot", setup.poolId(), reason);
        receiver.lost(worker.slot, reason);
        if (closing) {
            return;
        }
        try {
            spawn(worker.slot, worker.incarnation + 1);
        } catch (RuntimeException e) {
            if (!closing) {
                // the actor system itself is ending (a fatal error outside any worker): no more replacements
                broken = true;
                LOG.error("akka pool {}: cannot start a new worker actor in slot {}: {}", setup.poolId(),
                        worker.slot, e.toString());
            }
            return;
        }
        receiver.joined(worker.slot);
    }

    private static String describe(Throwable e) {
        try {
            return e.toString();
        } catch (RuntimeException | Error unprintable) {
            return e.getClass().getName(); // a user's getMessage() that throws
        }
    }

    @Override
    public void send(int slot, Object message) {
        workers.get(slot).ref.tell(message); // a stopped actor drops it: its loss is reported
    }

    @Override
    public void close() {
        if (system == null || closing) {
            return;
        }
        closing = true;
        membership.shutdownNow();
        system.terminate();
        if (ActorSystems.await(system, STOP_GRACE)) {
            return;
        }
        for (int slot = 0; slot < slots; slot++) {
            Worker worker = workers.get(slot);
            if (worker != null) {
                worker.interruptRunning();
            }
        }
        if (ActorSystems.await(system, AFTER_INTERRUPT)) {
            return;
        }
        boolean named = false;
        for (int slot = 0; slot < slots; slot++) {
            Worker worker = workers.get(slot);
            Thread stuck = worker == null ? null : worker.running();
            if (stuck != null) {
                named = true;
                LOG.warn("akka pool {}: the worker actor in slot {} is still running a function on thread {} {} s"
                        + " after close() began, and ignored an interrupt; it is left behind as a daemon thread (this"
                        + " JVM can still exit), and actor system {} finishes terminating when the function returns",
                        setup.poolId(), slot, stuck.getName(), closeBound().toSeconds(), system.name());
            }
        }
        if (!named) {
            LOG.warn("akka pool {}: actor system {} did not terminate within {} s; its daemon threads are left behind",
                    setup.poolId(), system.name(), closeBound().toSeconds());
        }
    }

    private static Duration closeBound() {
        return STOP_GRACE.plus(AFTER_INTERRUPT);
    }
}
