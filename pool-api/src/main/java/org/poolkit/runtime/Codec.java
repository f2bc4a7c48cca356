package org.poolkit.runtime;

import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * <p>Kryo writes and reads an object graph recursively, one stack frame per level, so a graph deeper than the
 * thread's stack allows (a linked list of a million nodes) cannot be encoded or decoded: that fails with a
 * {@link PoolException} that says so, where the path into the graph went, and what to do instead.
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

    static {
        DeepGraphs.warmUp();
    }

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
        boolean reusable = true;
        try {
            kryo.handles = handles;
            Output output = new Output(256, -1);
            kryo.writeClassAndObject(output, value);
            return output.toBytes();
        } catch (KryoException | RefusedClassException | StackOverflowError e) {
            reusable = !DeepGraphs.ranOutOfStack(e);
            String what = "cannot serialize " + describe(value);
            throw reusable ? new PoolException(what + ": " + reason(e), e) : DeepGraphs.failure(what, e);
        } finally {
            kryo.handles = null;
            release(kryo, reusable);
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
        boolean reusable = true;
        try {
            return kryo.readClassAndObject(new Input(bytes, offset, length));
        } catch (KryoException | RefusedClassException | StackOverflowError e) {
            reusable = !DeepGraphs.ranOutOfStack(e);
            throw reusable ? new PoolException("cannot deserialize: " + reason(e), e)
                    : DeepGraphs.failure("cannot deserialize", e);
        } finally {
            release(kryo, reusable);
        }
    }

    /** Returns a Kryo to the pool, or drops one that ran out of stack: its state may be half unwound. */
    private void release(PoolKryo kryo, boolean reusable) {
        if (reusable) {
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
    /**
     * The failure of a graph too deep for Kryo's recursion. Kryo reports it as "a circular reference", which is
     * wrong here: references are tracked, so cycles encode fine; what ran out is the thread's stack.
     */
    static final class DeepGraphs {

        private static final Pattern KRYO_DEPTH = Pattern.compile("more than (\\d+) levels deep");
        private static final Pattern TRACE_LINE = Pattern.compile("(\\S+) \\((\\S+)\\)");
        private static final int PATH_RUNS = 4;

        private DeepGraphs() {
        }

        /**
         * Runs Kryo's failure path once at a shallow depth, so that the classes it needs are initialized before a
         * real overflow: a class first initialized at the end of a stack fails to initialize and stays unusable
         * ({@link NoClassDefFoundError}) for the rest of the JVM's life.
         */
        static void warmUp() {
            KryoException warm = new KryoException("warm-up", new StackOverflowError());
            warm.addTrace("field (" + DeepGraphs.class.getName() + ")");
            summary(traceOf(warm), warm.getMessage());
        }

        /** Whether a serialization failure is the recursion running out of stack. */
        static boolean ranOutOfStack(Throwable e) {
            int steps = 0;
            for (Throwable t = e; t != null && steps < 8; t = t.getCause(), steps++) {
                if (t instanceof StackOverflowError) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Describes the failure.
         *
         * @param what what could not be done, e.g. {@code "cannot serialize object of com.example.Node"}
         * @param e    Kryo's exception, or the {@link StackOverflowError} itself
         * @return the exception to throw
         */
        static PoolException failure(String what, Throwable e) {
            String kryoMessage = e instanceof KryoException k ? k.getMessage() : null;
            Throwable overflow = e;
            while (!(overflow instanceof StackOverflowError) && overflow.getCause() != null) {
                overflow = overflow.getCause();
            }
            return new PoolException(what + ": the object graph is too deep for the recursive serializer; "
                    + summary(traceOf(e), kryoMessage) + ". This is not a circular reference (references are"
                    + " tracked, so cycles are fine). Hold long chains in an array or an ArrayList instead of a"
                    + " field that links each element to the next, or give their class a custom Kryo serializer"
                    + " that writes the chain iteratively; or give the caller's and the workers' threads a larger"
                    + " stack (-Xss, e.g. -Xss64m)", overflow);
        }

        /** Kryo's serialization trace, innermost field first; empty without one. */
        private static List<String> traceOf(Throwable e) {
            String message = e instanceof KryoException ? e.getMessage() : null;
            int at = message == null ? -1 : message.indexOf("Serialization trace:");
            if (at < 0) {
                return List.of();
            }
            List<String> lines = new ArrayList<>();
            for (String line : message.substring(at + "Serialization trace:".length()).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
            return lines;
        }

        /** How deep the stack ran out and along which fields, from the root, repeated fields counted. */
        private static String summary(List<String> trace, String kryoMessage) {
            Matcher depth = KRYO_DEPTH.matcher(kryoMessage == null ? "" : kryoMessage);
            int levels = depth.find() ? Integer.parseInt(depth.group(1)) : trace.size();
            String where = levels > 0 ? "the thread's stack ran out about " + levels + " levels down"
                    : "the thread's stack ran out";
            if (trace.isEmpty()) {
                return where;
            }
            StringBuilder path = new StringBuilder(where).append(", along the field path from the root: ");
            int runs = 0;
            for (int i = trace.size() - 1; i >= 0 && runs < PATH_RUNS; runs++) {
                int j = i;
                while (j > 0 && trace.get(j - 1).equals(trace.get(i))) {
                    j--;
                }
                path.append(runs == 0 ? "" : " -> ").append(field(trace.get(i)));
                if (i - j + 1 > 1) {
                    path.append(" x").append(i - j + 1);
                }
                i = j - 1;
                if (i >= 0 && runs == PATH_RUNS - 1) {
                    path.append(" -> ...");
                }
            }
            return path.toString();
        }

        /** {@code "next (com.example.Node)"} as {@code "com.example.Node.next"}. */
        private static String field(String traceLine) {
            Matcher m = TRACE_LINE.matcher(traceLine);
            return m.matches() ? m.group(2) + "." + m.group(1) : traceLine;
        }
    }
}
