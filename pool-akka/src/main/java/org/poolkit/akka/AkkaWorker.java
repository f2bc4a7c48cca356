package org.poolkit.akka;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import akka.actor.Address;
import akka.actor.AddressFromURIString;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.ClusterEvent;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.cluster.typed.SelfUp;
import akka.cluster.typed.Subscribe;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.poolkit.spi.Codec;
import org.poolkit.spi.Frames;
import org.poolkit.spi.WorkerRuntime;
import org.poolkit.spi.WorkerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker JVM of an {@code akka-cluster} pool. The pool starts these itself ({@code launch=true}); for workers on
 * other machines start one per worker with the same class path as the caller:
 *
 * <pre>
 * java -cp &lt;class path&gt; org.poolkit.akka.AkkaWorker --seed HOST:PORT [--host MY_ADDRESS]
 * </pre>
 *
 * <p>{@code --seed} is the caller's address ({@code host}/{@code port} of the pool's spec); {@code --host} is the
 * address the caller reaches this worker at (default {@code poolkit.akka.cluster.worker-host}, 127.0.0.1). TLS and
 * other settings come from this JVM's {@code application.conf} or {@code -D} options, as on the caller. The worker
 * joins the cluster, introduces itself, runs commands until the pool closes, then leaves and exits with code 0. It
 * exits with code 2 if no pool welcomes it within {@code poolkit.akka.cluster.join-timeout}, and with code 3 when it
 * loses the caller.
 *
 * @since 0.1
 */
public final class AkkaWorker {

    private static final Logger LOG = LoggerFactory.getLogger(AkkaWorker.class);

    private AkkaWorker() {
    }

    /**
     * Starts a worker and returns when it has left the cluster.
     *
     * @param args {@code --seed HOST:PORT [--host ADDRESS] [--id NAME] [--parent-pid PID]}
     */
    public static void main(String[] args) {
        String seed = null;
        String host = null;
        String id = null;
        long parentPid = -1;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--seed" -> seed = value;
                case "--host" -> host = value;
                case "--id" -> id = value;
                case "--parent-pid" -> parentPid = Long.parseLong(value);
                default -> usage("unknown argument '" + args[i] + "'");
            }
            i++;
        }
        if (seed == null || !seed.matches("[^:]+:\\d+")) {
            usage("--seed HOST:PORT is required");
        }
        Config config = ConfigFactory.load();
        String bindHost = host != null ? host : config.getString("poolkit.akka.cluster.worker-host");
        String workerId = id != null ? id : "worker@" + bindHost + "/" + ProcessHandle.current().pid();
        Node node = new Node(seed, workerId, config);
        ActorSystem<Object> system = ActorSystem.create(node.behavior(), ClusterSettings.SYSTEM_NAME,
                ClusterSettings.akkaConfig(config, bindHost, 0, true));
        if (parentPid > 0) {
            ProcessHandle.of(parentPid).ifPresentOrElse(
                    parent -> parent.onExit().thenRun(() -> node.stop(system, 3, "the caller's JVM exited")),
                    () -> node.stop(system, 3, "the caller's JVM is gone"));
        }
        system.getWhenTerminated().toCompletableFuture().join();
        System.exit(node.exitCode);
    }

    private static void usage(String problem) {
        System.err.println("AkkaWorker: " + problem + "\nusage: java -cp <class path> " + AkkaWorker.class.getName()
                + " --seed HOST:PORT [--host ADDRESS] [--id NAME]");
        System.exit(64);
    }

    /** The worker's actor: joins, introduces itself, and feeds frames to the worker thread. */
    private static final class Node {
        private final String seed;
        private final String workerId;
        private final Config config;
        private final Duration joinTimeout;
        private final LinkedBlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
        private final Inbox inbox = new Inbox();
        private volatile int exitCode;
        private volatile boolean leaving;
        private volatile Outbox outbox;
        private ActorRef<Wire.Message> caller;
        private Address callerAddress;
        private int slot = -1;

        Node(String seed, String workerId, Config config) {
            this.seed = seed;
            this.workerId = workerId;
            this.config = config;
            this.joinTimeout = config.getDuration("poolkit.akka.cluster.join-timeout");
        }

        Behavior<Object> behavior() {
            return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
                Cluster cluster = Cluster.get(ctx.getSystem());
                cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), SelfUp.class));
                cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(),
                        ClusterEvent.ReachabilityEvent.class));
                cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(),
                        ClusterEvent.MemberEvent.class));
                callerAddress = AddressFromURIString.parse("akka://" + ClusterSettings.SYSTEM_NAME + "@" + seed);
                cluster.manager().tell(Join.create(callerAddress));
                timers.startSingleTimer("join-timeout", "join-timeout", joinTimeout);
                return Behaviors.receive(Object.class)
                        .onMessage(SelfUp.class, up -> {
                            caller = ActorRefResolver.get(ctx.getSystem())
                                    .resolveActorRef("akka://" + ClusterSettings.SYSTEM_NAME + "@" + seed + "/user");
                            caller.tell(new Wire.Hello(workerId, ProcessHandle.current().pid(),
                                    ctx.getSelf().narrow()));
                            return Behaviors.same();
                        })
                        .onMessage(Wire.Welcome.class, welcome -> {
                            timers.cancel("join-timeout");
                            welcome(welcome);
                            return Behaviors.same();
                        })
                        .onMessage(Wire.Frame.class, frame -> {
                            frames.add(frame.bytes());
                            return Behaviors.same();
                        })
                        .onMessage(Wire.Chunk.class, chunk -> {
                            caller.tell(new Wire.Ack(slot));
                            byte[] whole = inbox.accept(chunk);
                            if (whole != null) {
                                frames.add(whole);
                            }
                            return Behaviors.same();
                        })
                        .onMessage(Wire.Ack.class, ack -> {
                            if (outbox != null) {
                                outbox.acknowledged();
                            }
                            return Behaviors.same();
                        })
                        .onMessage(Wire.Shutdown.class, s -> {
                            LOG.info("worker {}: the pool is closing; leaving the cluster", workerId);
                            leave(ctx, 0);
                            return Behaviors.same();
                        })
                        .onMessage(ClusterEvent.UnreachableMember.class, event -> {
                            callerGone(ctx, event.member().address(), "unreachable");
                            return Behaviors.same();
                        })
                        .onMessage(ClusterEvent.MemberRemoved.class, event -> {
                            callerGone(ctx, event.member().address(), "removed from the cluster");
                            return Behaviors.same();
                        })
                        .onMessage(String.class, "join-timeout"::equals, timeout -> {
                            LOG.error("worker {}: no pool welcomed it at {} within {}; exiting", workerId, seed,
                                    joinTimeout);
                            leave(ctx, 2);
                            return Behaviors.same();
                        })
                        .onAnyMessage(other -> Behaviors.same())
                        .build();
            }));
        }

        private void welcome(Wire.Welcome welcome) {
            slot = welcome.slot();
            ClassLoader loader = Codec.defaultClassLoader();
            WorkerSetup setup = WorkerSetup.fromBytes(welcome.setup());
            Codec codec = setup.codec(loader);
            WorkerRuntime runtime = setup.newWorker(slot, codec);
            Config cluster = config.getConfig("poolkit.akka.cluster");
            outbox = new Outbox(caller, slot, "the caller", (int) Math.min(cluster.getBytes("chunk-size"), 200 * 1024),
                    Math.max(1, cluster.getInt("chunk-window")), cluster.getDuration("ack-timeout"));
            Thread thread = new Thread(() -> work(runtime, codec), "poolkit-worker-" + slot);
            thread.setDaemon(true);
            thread.start();
            LOG.info("worker {}: serving slot {} of pool {}", workerId, slot, setup.poolId());
        }

        private void work(WorkerRuntime runtime, Codec codec) {
            try {
                while (true) {
                    byte[] frame = frames.poll(1, TimeUnit.SECONDS);
                    if (frame != null) {
                        byte[] reply = Frames.handle(runtime, codec, frame);
                        if (reply != null) {
                            outbox.send(reply);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                LOG.error("worker {}: cannot go on: {}", workerId, e.toString());
                exitCode = 3;
                Runtime.getRuntime().halt(3);
            } finally {
                runtime.close();
            }
        }

        private void callerGone(ActorContext<Object> ctx, Address address, String what) {
            if (address.equals(callerAddress) && !leaving) {
                LOG.error("worker {}: the caller at {} is {}; exiting", workerId, address, what);
                leave(ctx, 3);
            }
        }

        private void leave(ActorContext<Object> ctx, int code) {
            if (leaving) {
                return;
            }
            leaving = true;
            exitCode = code;
            CoordinatedShutdown.get(ctx.getSystem()).runAll(CoordinatedShutdown.clusterLeavingReason());
        }

        void stop(ActorSystem<Object> system, int code, String why) {
            LOG.error("worker {}: {}; exiting", workerId, why);
            exitCode = code;
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // exit regardless
            }
            Runtime.getRuntime().halt(code);
        }
    }
}
