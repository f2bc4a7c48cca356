package org.poolkit.akka;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;

import akka.actor.Address;
import akka.actor.AddressFromURIString;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.BehaviorBuilder;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.cluster.typed.SelfUp;
import akka.cluster.typed.Subscribe;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.poolkit.runtime.WorkerLoop;
import org.poolkit.spi.WorkerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * A worker JVM of an {@code akka-cluster} pool. The pool starts these itself ({@code launch=true}); for workers on
 * other machines start one per worker with the same class path as the caller:
 *
 * <pre>
 * java -cp &lt;class path&gt; org.poolkit.akka.AkkaWorker --seed HOST:PORT [--host MY_ADDRESS] [--id NAME]
 * </pre>
 *
 * <p>{@code --seed} is the caller's address ({@code host}/{@code port} of the pool's spec); {@code --host} is the
 * address the caller reaches this worker at (default {@code poolkit.akka.cluster.worker-host}, 127.0.0.1). TLS and
 * other settings come from this JVM's {@code application.conf} or {@code -D} options, as on the caller. The worker
 * joins the cluster, introduces itself, is given its slot, serves its slot's frames with the runtime's
 * {@link WorkerLoop} until the pool closes, then leaves and exits with code 0. It exits with code 2 if no pool welcomes
 * it within {@code poolkit.akka.cluster.join-timeout}, with code 3 when it loses the caller or on a fatal error, and
 * with code 64 on a bad command line.
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
        Options options = Options.parse(args);
        Config config = ConfigFactory.load();
        ClusterSettings settings = ClusterSettings.from(config);
        String bindHost = options.host != null ? options.host : settings.workerHost();
        String workerId = options.id != null ? options.id : "worker@" + bindHost + "/" + ProcessHandle.current().pid();
        Node node = new Node(options.seed, workerId, settings);
        ActorSystem<Object> system = ActorSystem.create(node.behavior(), ClusterSettings.SYSTEM_NAME,
                ClusterSettings.akkaConfig(config, bindHost, 0, true));
        if (options.parentPid > 0) {
            ProcessHandle.of(options.parentPid).ifPresentOrElse(
                    parent -> parent.onExit().thenRun(() -> node.stop(system, 3, "the caller's JVM exited")),
                    () -> node.stop(system, 3, "the caller's JVM is gone"));
        }
        system.getWhenTerminated().toCompletableFuture().join();
        System.exit(node.exitCode);
    }

    /** The command line. */
    @CommandLine.Command(name = "java -cp <class path> org.poolkit.akka.AkkaWorker", separator = " ",
            sortOptions = false, sortSynopsis = false,
            description = "A worker JVM of an akka-cluster pool.")
    private static final class Options {

        @Option(names = "--seed", required = true, paramLabel = "HOST:PORT",
                description = "the caller's address: host and port of the pool's spec")
        String seed;

        @Option(names = "--host", paramLabel = "ADDRESS",
                description = "the address the caller reaches this worker at (default: poolkit.akka.cluster.worker-host)")
        String host;

        @Option(names = "--id", paramLabel = "NAME",
                description = "the worker's name in logs (default: worker@ADDRESS/PID)")
        String id;

        @Option(names = "--parent-pid", paramLabel = "PID",
                description = "the caller's process: exit with code 3 when it exits (launched workers)")
        long parentPid = -1;

        /** Parses the command line, or prints what is wrong and the usage and exits with code 64. */
        static Options parse(String[] args) {
            Options options = new Options();
            CommandLine cli = new CommandLine(options);
            try {
                cli.parseArgs(args);
                if (!options.seed.matches("[^:]+:\\d+")) {
                    throw new CommandLine.ParameterException(cli, "--seed must be HOST:PORT, not '" + options.seed
                            + "'");
                }
            } catch (CommandLine.ParameterException e) {
                System.err.println("AkkaWorker: " + e.getMessage());
                cli.usage(System.err);
                System.exit(64);
            }
            return options;
        }
    }

    /** The worker's actor: joins, introduces itself, and feeds frames to the worker thread. */
    private static final class Node {
        private static final String JOIN_TIMEOUT = "join-timeout";

        private final String seed;
        private final String workerId;
        private final ClusterSettings settings;
        private final Address callerAddress;
        private final LinkedBlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
        private volatile int exitCode;
        private volatile boolean leaving;
        /** The caller, once it welcomed this worker: frames and chunks before that are dropped. */
        private volatile Transfer.Peer peer;
        private ActorRef<Wire.Message> caller;

        Node(String seed, String workerId, ClusterSettings settings) {
            this.seed = seed;
            this.workerId = workerId;
            this.settings = settings;
            this.callerAddress = AddressFromURIString.parse("akka://" + ClusterSettings.SYSTEM_NAME + "@" + seed);
        }

        Behavior<Object> behavior() {
            return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
                Cluster cluster = Cluster.get(ctx.getSystem());
                cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), SelfUp.class));
                BehaviorBuilder<Object> behavior = Transfer.frames(ClusterWatch.watch(ctx,
                        Behaviors.receive(Object.class), (address, what) -> callerGone(ctx, address, what)),
                        slot -> peer, (slot, frame) -> frames.add(frame));
                cluster.manager().tell(Join.create(callerAddress));
                Duration joinTimeout = settings.joinTimeout();
                timers.startSingleTimer(JOIN_TIMEOUT, JOIN_TIMEOUT, joinTimeout);
                return behavior
                        .onMessage(SelfUp.class, up -> {
                            caller = ActorRefResolver.get(ctx.getSystem())
                                    .resolveActorRef("akka://" + ClusterSettings.SYSTEM_NAME + "@" + seed + "/user");
                            caller.tell(new Wire.Hello(workerId, ProcessHandle.current().pid(),
                                    ctx.getSelf().narrow()));
                            return Behaviors.same();
                        })
                        .onMessage(Wire.Welcome.class, welcome -> {
                            timers.cancel(JOIN_TIMEOUT);
                            welcome(welcome);
                            return Behaviors.same();
                        })
                        .onMessage(Wire.Shutdown.class, s -> {
                            LOG.info("worker {}: the pool is closing; leaving the cluster", workerId);
                            leave(ctx, 0);
                            return Behaviors.same();
                        })
                        .onMessage(String.class, JOIN_TIMEOUT::equals, timeout -> {
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
            int slot = welcome.slot();
            WorkerSetup setup = WorkerSetup.fromBytes(welcome.setup());
            WorkerLoop<byte[]> loop = WorkerLoop.frames(setup, slot);
            Outbox replies = new Outbox(caller, slot, "the caller", settings.chunkSize(), settings.chunkWindow(),
                    settings.ackTimeout());
            peer = new Transfer.OnePeer(new Inbox(), caller, replies);
            Thread thread = new Thread(() -> work(loop, replies), "poolkit-worker-" + slot);
            thread.setDaemon(true);
            thread.start();
            LOG.info("worker {}: serving slot {} of pool {}", workerId, slot, setup.poolId());
        }

        /** The worker thread: serves frames until the JVM exits; a fatal error ends the JVM. */
        private void work(WorkerLoop<byte[]> loop, Outbox replies) {
            try {
                loop.serve(frames, replies::send);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                LOG.error("worker {}: cannot go on: {}", workerId, e.toString());
                Runtime.getRuntime().halt(3);
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
            ActorSystems.terminate(system, Duration.ofSeconds(5));
            Runtime.getRuntime().halt(code);
        }
    }
}
