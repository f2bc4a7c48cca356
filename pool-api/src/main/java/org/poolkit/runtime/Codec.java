package org.poolkit.runtime;

import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.Pool;
import com.esotericsoftware.minlog.Log;
import org.objenesis.strategy.StdInstantiatorStrategy;
import org.poolkit.api.PoolException;
import org.poolkit.api.WorkerPool;

/**
 * The one serializer of poolkit: Kryo 5 for functions (serializable lambdas), {@link org.poolkit.api.RemoteObject}
 * handles, commands, replies and data.
 *
 * <p>Classes need not implement {@link Serializable}, with two exceptions that catch common mistakes early: a
 * lambda must be serializable (every poolkit function type is), and a JDK class ({@code java.*}, {@code javax.*},
 * {@code jdk.*}, {@code sun.*}) must be {@link Serializable} — threads, streams, sockets and locks are refused on the
 * caller with a {@link PoolException} that names the class and where it was captured. So is a captured
 * {@link WorkerPool}.
 *
 * <p>When decoding, only classes whose names start with an allowed prefix are instantiated ({@code "*"} allows
 * all), besides poolkit's own protocol classes (commands, replies, errors, worker setups): bytes from another process cannot make a
 * worker build arbitrary objects.
 *
 * <p>Instances are thread-safe; Kryo instances are pooled.
 *
 * @since 0.1
 */
public final class Codec {

    private static final Set<String> SAFE_JDK_VALUE_TYPES = Set.of("java.lang.Object", "java.util.Optional",
            "java.util.OptionalInt", "java.util.OptionalLong", "java.util.OptionalDouble");

    /**
     * One closure serializer for all Kryo instances: its constructor probes JDK internals through static fields
     * and is not safe to run concurrently. Without {@code --add-opens java.base/java.lang.invoke=ALL-UNNAMED} it
     * falls back to the capturing class's {@code $deserializeLambda$}, which works as well; its warning about that
     * is silenced.
     */
    private static final ClosureSerializer CLOSURES = newClosureSerializer();

    /** Commands, replies, errors and setups are poolkit's own protocol and always allowed. */
    private static final List<String> PROTOCOL_CLASSES = List.of("org.poolkit.runtime.Command$",
            "org.poolkit.runtime.Reply$", "org.poolkit.runtime.ErrorInfo");

    private final List<String> allowedPrefixes;
    private final boolean allowAll;
    private final ClassLoader classLoader;
    private final Pool<PoolKryo> kryos;

    /**
     * Creates a codec.
     *
     * @param allowedPackages class-name prefixes that may be decoded, e.g. {@code ["java.", "org.poolkit."]};
     *                        {@code ["*"]} allows all
     * @param classLoader     the loader of the classes to decode (the application's)
     */
    public Codec(List<String> allowedPackages, ClassLoader classLoader) {
        this.allowedPrefixes = List.copyOf(allowedPackages);
        this.allowAll = allowedPrefixes.contains("*");
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
        this.kryos = new Pool<>(true, false, 64) {
            @Override
            protected PoolKryo create() {
                return newKryo();
            }
        };
    }

    /**
     * Creates a codec that decodes any class, for bytes that never leave this process.
     *
     * @return a codec with the allow-list {@code ["*"]} and the context class loader
     */
    public static Codec trusted() {
        return new Codec(List.of("*"), defaultClassLoader());
    }

    /**
     * Returns the class loader poolkit uses by default: the thread's context loader, else poolkit's.
     *
     * @return the loader
     */
    public static ClassLoader defaultClassLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Codec.class.getClassLoader();
    }

    /**
     * Serializes an object graph.
     *
     * @param value the value, possibly {@code null}
     * @return its bytes
     * @throws PoolException naming the class that cannot be serialized
     */
    public byte[] encode(Object value) {
        return encode(value, null);
    }

    /**
     * Serializes an object graph and collects the {@link RemoteHandle}s it contains, so that the caller can check
     * them before anything is sent.
     *
     * @param value   the value (typically a function)
     * @param handles receives every handle met while serializing
     * @return the bytes
     * @throws PoolException naming the class that cannot be serialized
     */
    public byte[] encode(Object value, List<RemoteHandle<?>> handles) {
        PoolKryo kryo = kryos.obtain();
        try {
            kryo.handles = handles;
            Output output = new Output(256, -1);
            kryo.writeClassAndObject(output, value);
            return output.toBytes();
        } catch (KryoException | RefusedClassException e) {
            throw new PoolException("cannot serialize " + describe(value) + ": " + reason(e), e);
        } finally {
            kryo.handles = null;
            kryo.reset();
            kryos.free(kryo);
        }
    }

    /**
     * Deserializes bytes made by {@link #encode}.
     *
     * @param bytes the bytes
     * @return the value
     * @throws PoolException if a class is not allowed, missing, or the bytes are damaged
     */
    public Object decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /**
     * Deserializes an object graph from part of an array (a frame's body), without copying it.
     *
     * @param bytes  the array
     * @param offset where the serialized bytes start
     * @param length how many there are
     * @return the object graph
     * @throws PoolException if the bytes cannot be decoded or name a class outside the allow-list
     */
    public Object decode(byte[] bytes, int offset, int length) {
        PoolKryo kryo = kryos.obtain();
        try {
            return kryo.readClassAndObject(new Input(bytes, offset, length));
        } catch (KryoException | RefusedClassException e) {
            throw new PoolException("cannot deserialize: " + reason(e), e);
        } finally {
            kryo.reset();
            kryos.free(kryo);
        }
    }

    /**
     * Makes an independent deep copy through the bytes, as a worker in another process would see it.
     *
     * @param value the value
     * @param <T>   its type
     * @return the copy
     */
    @SuppressWarnings("unchecked")
    public <T> T copy(T value) {
        return (T) decode(encode(value));
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        Class<?> type = value.getClass();
        return type.isSynthetic() ? "function " + type.getName().replaceAll("/0x[0-9a-f]+$", "")
                : "object of " + type.getName();
    }

    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RefusedClassException) {
                String trace = e instanceof KryoException && e != t ? traceOf(e.getMessage()) : "";
                return t.getMessage() + trace;
            }
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getName() : message.replace('\n', ' ').replace('\t', ' ');
    }

    private static String traceOf(String kryoMessage) {
        int at = kryoMessage == null ? -1 : kryoMessage.indexOf("Serialization trace:");
        return at < 0 ? "" : " (" + kryoMessage.substring(at).replace('\n', ' ').replace('\t', ' ').strip() + ")";
    }

    private PoolKryo newKryo() {
        PoolKryo kryo = new PoolKryo();
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        kryo.setClassLoader(classLoader);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        kryo.register(ClosureSerializer.Closure.class, CLOSURES, 30);
        kryo.register(SerializedLambda.class, 31);
        kryo.register(RemoteHandle.class, new HandleSerializer(), 32);
        return kryo;
    }

    private static ClosureSerializer newClosureSerializer() {
        int level = currentMinlogLevel();
        Log.set(Log.LEVEL_ERROR);
        try {
            return new ClosureSerializer();
        } finally {
            Log.set(level);
        }
    }

    private static int currentMinlogLevel() {
        if (Log.TRACE) {
            return Log.LEVEL_TRACE;
        } else if (Log.DEBUG) {
            return Log.LEVEL_DEBUG;
        } else if (Log.INFO) {
            return Log.LEVEL_INFO;
        } else if (Log.WARN) {
            return Log.LEVEL_WARN;
        }
        return Log.ERROR ? Log.LEVEL_ERROR : Log.LEVEL_NONE;
    }

    boolean allowed(Class<?> type) {
        Class<?> t = type;
        while (t.isArray()) {
            t = t.getComponentType();
        }
        if (allowAll || t.isPrimitive() || t == ClosureSerializer.Closure.class || t == SerializedLambda.class) {
            return true;
        }
        String name = t.getName();
        for (String protocol : PROTOCOL_CLASSES) {
            if (name.startsWith(protocol)) {
                return true;
            }
        }
        for (String prefix : allowedPrefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isJdk(String name) {
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.startsWith("sun.") || name.startsWith("com.sun.");
    }

    /** Thrown from inside Kryo when a class is refused; {@link Codec} turns it into a {@link PoolException}. */
    static final class RefusedClassException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedClassException(String message) {
            super(message);
        }
    }

    /** A Kryo that checks every class it writes or reads. */
    private final class PoolKryo extends Kryo {
        private final JdkSerializer jdkSerializer = new JdkSerializer(Codec.this::allowed);
        List<RemoteHandle<?>> handles;

        @Override
        @SuppressWarnings("rawtypes")
        public Serializer getDefaultSerializer(Class type) {
            String name = type.getName();
            boolean jdkSerializable = isJdk(name) && Serializable.class.isAssignableFrom(type) && !type.isEnum();
            Serializer serializer;
            try {
                serializer = super.getDefaultSerializer(type);
            } catch (RuntimeException e) {
                // a reflective serializer could not open the JDK class's fields
                if (jdkSerializable) {
                    return jdkSerializer;
                }
                throw e;
            }
            boolean reflective = serializer instanceof FieldSerializer
                    || ((serializer.getClass() == CollectionSerializer.class
                    || serializer.getClass() == MapSerializer.class) && name.indexOf('$') >= 0);
            if (reflective && jdkSerializable) {
                return jdkSerializer;
            }
            return serializer;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Registration writeClass(Output output, Class type) {
            if (type != null) {
                checkWritable(type);
            }
            return super.writeClass(output, type);
        }

        @Override
        public Registration readClass(Input input) {
            Registration registration = super.readClass(input);
            if (registration != null && !allowed(registration.getType())) {
                throw new RefusedClassException("class " + registration.getType().getName()
                        + " is not in the codec's allow-list " + allowedPrefixes
                        + "; add its package to poolkit.codec.allowed-packages");
            }
            return registration;
        }

        private void checkWritable(Class<?> type) {
            Class<?> t = type;
            while (t.isArray()) {
                t = t.getComponentType();
            }
            String name = t.getName();
            if (WorkerPool.class.isAssignableFrom(t)) {
                throw new RefusedClassException("a function must not capture a WorkerPool (" + name
                        + "); capture RemoteObject handles or values instead");
            }
            if (t.isSynthetic() && name.contains("$$Lambda") && !Serializable.class.isAssignableFrom(t)) {
                throw new RefusedClassException("lambda " + name.replaceAll("/0x[0-9a-f]+$", "")
                        + " is not Serializable; declare it as a poolkit function type or cast it to"
                        + " (Interface & java.io.Serializable)");
            }
            if (isJdk(name) && !t.isPrimitive() && !t.isEnum() && !Serializable.class.isAssignableFrom(t)
                    && !SAFE_JDK_VALUE_TYPES.contains(name)) {
                throw new RefusedClassException("class " + name
                        + " is a JDK class that is not java.io.Serializable and cannot be sent to a worker");
            }
            if (!allowed(t) && !t.isSynthetic()) {
                throw new RefusedClassException("class " + name + " is not in the codec's allow-list "
                        + allowedPrefixes + "; add its package to poolkit.codec.allowed-packages");
            }
        }
    }

    /** Writes a handle as its pool id and object id, and collects it for the caller's checks. */
    private static final class HandleSerializer extends Serializer<RemoteHandle<?>> {
        HandleSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, RemoteHandle<?> handle) {
            List<RemoteHandle<?>> handles = ((PoolKryo) kryo).handles;
            if (handles != null) {
                handles.add(handle);
            }
            output.writeString(handle.poolId());
            output.writeVarLong(handle.objectId(), true);
        }

        @Override
        public RemoteHandle<?> read(Kryo kryo, Input input, Class<? extends RemoteHandle<?>> type) {
            return new RemoteHandle<>(input.readString(), input.readVarLong(true));
        }
    }
}
