package org.poolkit.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.poolkit.api.PoolException;
import org.poolkit.api.RemoteFunction;

/** The Kryo codec: what travels, what is refused, and the allow-list. */
class CodecTest {

    private final Codec codec = new Codec(List.of("java.", "org.poolkit."), Codec.defaultClassLoader());

    record Point(double xMeters, double yMeters) {
    }

    @Test
    void roundTrip_jdkValuesWithoutAddOpens() {
        List<Object> values = List.of(List.of(1, 2), Map.of("a", 1), Optional.of("x"), Instant.ofEpochSecond(7),
                UUID.nameUUIDFromBytes(new byte[] {1}), new AtomicLong(5),
                Collections.unmodifiableList(new ArrayList<>(List.of("u"))), new Point(1, 2), new int[] {3, 4});
        for (Object value : values) {
            Object copy = codec.copy(value);
            if (value instanceof AtomicLong a) {
                assertEquals(a.get(), ((AtomicLong) copy).get());
            } else if (value instanceof int[] ints) {
                assertArrayEquals(ints, (int[]) copy);
            } else {
                assertEquals(value, copy, value.getClass().getName());
            }
        }
    }

    @Test
    void roundTrip_capturingLambda() throws Exception {
        double factor = 2.5;
        RemoteFunction<Double, Double> scale = x -> x * factor;
        @SuppressWarnings("unchecked")
        RemoteFunction<Double, Double> copy = (RemoteFunction<Double, Double>) codec.decode(codec.encode(scale));
        assertEquals(5.0, copy.apply(2.0));
    }

    @Test
    void encode_nonSerializableLambda_namesIt() {
        Runnable plain = () -> { };
        PoolException e = assertThrows(PoolException.class, () -> codec.encode(List.of(plain)));
        assertTrue(e.getMessage().contains("is not Serializable"), e.getMessage());
    }

    @Test
    void encode_classOutsideAllowList_refusedOnCaller() {
        Codec strict = new Codec(List.of("java."), Codec.defaultClassLoader());
        PoolException e = assertThrows(PoolException.class, () -> strict.encode(new Point(1, 2)));
        assertTrue(e.getMessage().contains(Point.class.getName()) && e.getMessage().contains("allow-list"),
                e.getMessage());
    }

    @Test
    void decode_classOutsideAllowList_refused() {
        byte[] bytes = Codec.trusted().encode(new ArrayList<>(List.of(new Point(1, 2))));
        Codec strict = new Codec(List.of("java."), Codec.defaultClassLoader());
        PoolException e = assertThrows(PoolException.class, () -> strict.decode(bytes));
        assertTrue(e.getMessage().contains(Point.class.getName()) && e.getMessage().contains("allow-list"),
                e.getMessage());
    }

    @Test
    void decode_jdkSerializedValueHidingDisallowedClass_refused() {
        List<Object> hidden = Collections.unmodifiableList(new ArrayList<>(List.of(new SerializablePoint(1))));
        byte[] bytes = Codec.trusted().encode(hidden);
        Codec strict = new Codec(List.of("java."), Codec.defaultClassLoader());
        assertThrows(PoolException.class, () -> strict.decode(bytes));
    }

    record SerializablePoint(int x) implements java.io.Serializable {
    }
}
