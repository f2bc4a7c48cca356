package org.poolkit.akka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import org.poolkit.api.PoolException;
import org.poolkit.spi.Codec;
import org.poolkit.spi.Command;
import org.poolkit.spi.Reply;
import org.poolkit.spi.Transport;
import org.poolkit.spi.WorkerRuntime;
import org.poolkit.spi.WorkerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker actors in this JVM, each on its own thread. Commands and replies are passed as objects: the only copies
 * are those the contract asks for (pushed objects, and each worker's own decoded copy of a function).
 */
final class LocalTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(LocalTransport.class);
    private static final Duration TERMINATE_TIMEOUT = Duration.ofSeconds(15);

    private final int size;
    private final Config config;
    private final List<ActorRef<Command>> workers = new ArrayList<>();
    private ActorSystem<Void> system;
    private volatile boolean closing;

    LocalTransport(int size, Config config) {
        this.size = size;
        this.config = config;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void start(WorkerSetup setup, Listener listener) {
        Config systemConfig = config.getConfig("poolkit.akka.local-system").withFallback(config);
        system = ActorSystem.create(Behaviors.empty(), "poolkit-" + setup.poolId(), systemConfig);
        Codec codec = Codec.trusted();
        for (int w = 0; w < size; w++) {
            WorkerRuntime runtime = setup.newWorker(w, codec);
            workers.add(system.systemActorOf(worker(w, runtime, listener), "worker-" + w,
                    DispatcherSelector.fromConfig("poolkit-worker-dispatcher")));
        }
    }

    private Behavior<Command> worker(int index, WorkerRuntime runtime, Listener listener) {
        return Behaviors.receive(Command.class)
                .onAnyMessage(command -> {
                    Reply reply = runtime.handle(command);
                    if (reply != null) {
                        listener.onReply(index, reply);
                    }
                    return Behaviors.same();
                })
                .onSignal(akka.actor.typed.PostStop.class, signal -> {
                    runtime.close();
                    if (!closing) {
                        listener.onWorkerLost(index, "worker actor " + index + " stopped after a fatal error");
                    }
                    return Behaviors.same();
                })
                .build();
    }

    @Override
    public void send(int worker, Command command) {
        workers.get(worker).tell(command);
    }

    @Override
    public void close() {
        if (system == null || closing) {
            return;
        }
        closing = true;
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(TERMINATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("actor system {} did not terminate within {}: {}", system.name(), TERMINATE_TIMEOUT, e.toString());
            throw new PoolException("actor system " + system.name() + " did not terminate within " + TERMINATE_TIMEOUT, e);
        }
    }
}
