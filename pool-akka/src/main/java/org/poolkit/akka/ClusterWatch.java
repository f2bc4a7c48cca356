package org.poolkit.akka;

import java.util.function.BiConsumer;

import akka.actor.Address;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.BehaviorBuilder;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.ClusterEvent;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;

/**
 * The membership events both ends of an {@code akka-cluster} pool watch: the caller for its workers, a worker for
 * the caller. A member that the failure detector finds unreachable, or that is removed from the cluster, is gone.
 */
final class ClusterWatch {

    private ClusterWatch() {
    }

    /**
     * Subscribes an actor to the cluster's reachability and member events and adds their handlers to its behaviour.
     *
     * @param ctx      the actor
     * @param behavior its behaviour so far
     * @param gone     takes the address of a member that is gone, and what happened to it
     * @return the behaviour with the handlers added
     */
    static BehaviorBuilder<Object> watch(ActorContext<Object> ctx, BehaviorBuilder<Object> behavior,
                                         BiConsumer<Address, String> gone) {
        Cluster cluster = Cluster.get(ctx.getSystem());
        cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), ClusterEvent.ReachabilityEvent.class));
        cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), ClusterEvent.MemberEvent.class));
        return behavior
                .onMessage(ClusterEvent.UnreachableMember.class, event -> {
                    gone.accept(event.member().address(), "unreachable (cluster failure detector)");
                    return Behaviors.same();
                })
                .onMessage(ClusterEvent.MemberRemoved.class, event -> {
                    gone.accept(event.member().address(), "removed from the cluster");
                    return Behaviors.same();
                });
    }
}
