package org.poolkit.akka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import org.poolkit.api.PoolException;
import org.poolkit.runtime.WorkerLoop;
import org.poolkit.spi.Link;
import org.poolkit.spi.WorkerSetup;

/**
 * The link of the {@code akka} pool: a worker actor in each slot, in this JVM, each on its own thread. Messages are
 * the runtime's objects, passed as they are: the only copies are those the contract asks for (pushed objects, and
 * each worker's own decoded copy of a function). A worker actor that stops while the pool is open (a fatal error)
 * is reported lost.
 */
final class LocalLink implements Link<Object> {

    private static final Duration TERMINATE_TIMEOUT = Duration.ofSeconds(15);

    private final int slots;
    private final Config config;
    private final List<ActorRef<Object>> workers = new ArrayList<>();
    private ActorSystem<Void> system;
    private volatile boolean closing;

    LocalLink(int slots, Config config) {
        this.slots = slots;
        this.config = config;
    }

    @Override
    public int slots() {
        return slots;
    }

    @Override
    public void start(WorkerSetup setup, Receiver<Object> receiver) {
        Config systemConfig = config.getConfig("poolkit.akka.local-system").withFallback(config);
        system = ActorSystem.create(Behaviors.empty(), "poolkit-" + setup.poolId(), systemConfig);
        for (int slot = 0; slot < slots; slot++) {
            workers.add(system.systemActorOf(worker(slot, WorkerLoop.objects(setup, slot), receiver),
                    "worker-" + slot, DispatcherSelector.fromConfig("poolkit-worker-dispatcher")));
        }
    }

    private Behavior<Object> worker(int slot, WorkerLoop<Object> loop, Receiver<Object> receiver) {
        return Behaviors.receive(Object.class)
                .onAnyMessage(message -> {
                    loop.handle(message, reply -> receiver.received(slot, reply));
                    return Behaviors.same();
                })
                .onSignal(PostStop.class, signal -> {
                    loop.close();
                    if (!closing) {
                        receiver.lost(slot, "worker actor " + slot + " stopped after a fatal error");
                    }
                    return Behaviors.same();
                })
                .build();
    }

    @Override
    public void send(int slot, Object message) {
        workers.get(slot).tell(message);
    }

    @Override
    public void close() {
        if (system == null || closing) {
            return;
        }
        closing = true;
        if (!ActorSystems.terminate(system, TERMINATE_TIMEOUT) && !Thread.currentThread().isInterrupted()) {
            throw new PoolException("actor system " + system.name() + " did not terminate within "
                    + TERMINATE_TIMEOUT);
        }
    }
}
