package org.poolkit.benchmarks;

import java.util.Locale;
import org.poolkit.api.WorkerPools;

/**
 * What the benchmarks run on: a plain {@link java.util.concurrent.ForkJoinPool} (the baseline) or one of poolkit's
 * pools, each with two workers where it has more than one.
 *
 * @since 0.1
 */
public enum Backend {
    /** A plain {@code ForkJoinPool(2)}: the baseline, no serialization, no messages. */
    FORK_JOIN("forkjoin:workers=2"),
    /** The serial in-process pool (one worker, the caller's thread). */
    DUMMY("dummy"),
    /** Two worker actors in this JVM. */
    AKKA("akka:workers=2"),
    /** Two worker JVMs joined through Akka Cluster. */
    AKKA_CLUSTER("akka-cluster:workers=2"),
    /** Three MPI ranks (rank 0 coordinates, two workers), launched from this JVM. */
    MPI("mpi:np=3");

    private final String spec;

    Backend(String spec) {
        this.spec = spec;
    }

    /**
     * Returns the spec this backend is created from.
     *
     * @return e.g. {@code akka:workers=2}
     */
    public String spec() {
        return spec;
    }

    /**
     * Tells whether this backend can be created here (its pool module is on the class path).
     *
     * @return {@code true} for the baseline and for every pool {@link WorkerPools#available()} lists
     */
    public boolean available() {
        return this == FORK_JOIN || WorkerPools.available().contains(spec.split(":", 2)[0]);
    }

    /**
     * Creates a target of this backend.
     *
     * @return a new target; close it
     * @throws IllegalStateException if the backend is not available, naming what is
     */
    public Target open() {
        if (!available()) {
            throw new IllegalStateException("backend " + this + " (" + spec + ") is not available here; pools: "
                    + WorkerPools.available());
        }
        return this == FORK_JOIN ? new ForkJoinTarget(2) : new PoolTarget(WorkerPools.create(bounded(spec)));
    }

    /**
     * Adds a 10-minute {@code call-timeout} to a spec of a pool with workers elsewhere, so that no benchmark waits
     * longer than that for a call (the default is 6 h).
     *
     * @param spec a pool spec
     * @return the spec with {@code call-timeout=10m}, or unchanged for {@code dummy}, which has no such key
     */
    static String bounded(String spec) {
        return spec.startsWith("dummy") ? spec : spec + (spec.contains(":") ? "," : ":") + "call-timeout=10m";
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
