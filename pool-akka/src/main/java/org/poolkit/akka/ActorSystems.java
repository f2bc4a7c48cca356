package org.poolkit.akka;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import akka.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one bounded wait for an actor system to stop, shared by the caller's links and the worker JVM. */
final class ActorSystems {

    private static final Logger LOG = LoggerFactory.getLogger(ActorSystems.class);

    private ActorSystems() {
    }

    /**
     * Terminates an actor system and waits for it at most {@code timeout}; logs when it did not stop in time.
     *
     * @param system  the system
     * @param timeout how long to wait
     * @return whether it terminated within {@code timeout}
     */
    static boolean terminate(ActorSystem<?> system, Duration timeout) {
        system.terminate();
        boolean terminated = await(system, timeout);
        if (!terminated && !Thread.currentThread().isInterrupted()) {
            LOG.warn("actor system {} did not terminate within {}", system.name(), timeout);
        }
        return terminated;
    }

    /**
     * Waits at most {@code timeout} for an actor system to terminate, without logging.
     *
     * @param system  the system, terminating
     * @param timeout how long to wait
     * @return whether it terminated within {@code timeout}; {@code false} with the interrupt status set when
     *         interrupted
     */
    static boolean await(ActorSystem<?> system, Duration timeout) {
        try {
            system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
