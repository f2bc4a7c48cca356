package org.poolkit.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.poolkit.conformance.LeakCheck;

/** Every in-JVM backend does what the benchmarks time (the cluster and MPI ones run in the harness smoke run). */
@ExtendWith(LeakCheck.class)
class TargetTest {

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"FORK_JOIN", "DUMMY", "AKKA"})
    void target_operationsGiveTheRightAnswers(Backend backend) {
        assertTrue(backend.available());
        try (Target target = backend.open()) {
            int workers = target.workers();
            assertEquals(workers * (workers - 1) / 2, target.applyNoop());
            List<Integer> items = IntStream.range(0, 10_000).boxed().toList();
            assertEquals(10_000L * 9_999 / 2, target.mapNoop(items));
            target.push(Data.array(1));
            target.scatter(Data.rows(1));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void backend_specNamesAPoolOrTheBaseline(Backend backend) {
        assertTrue(backend.spec().contains(":") || backend == Backend.DUMMY, backend.spec());
        assertEquals(backend.name().toLowerCase().replace('_', '-'), backend.toString());
    }

    @org.junit.jupiter.api.Test
    void bounded_everyRemoteCallWaitsAtMostTenMinutes() {
        assertEquals("akka:workers=2,call-timeout=10m", Backend.bounded("akka:workers=2"));
        assertEquals("mpi:call-timeout=10m", Backend.bounded("mpi"));
        assertEquals("dummy", Backend.bounded("dummy"));
    }

    @org.junit.jupiter.api.Test
    void data_sizesInMegabytes() {
        assertEquals(1_000_000, Data.array(1).length * 8);
        assertEquals(10_000_000, Data.rows(10).length * Data.ROW * 8);
    }
}
