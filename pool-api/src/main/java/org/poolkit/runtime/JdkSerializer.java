package org.poolkit.runtime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.function.Predicate;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Java serialization for JDK classes whose fields the JDK does not open to reflection ({@code AtomicInteger},
 * {@code Collections.unmodifiableList}, {@code UUID} …): they are {@link java.io.Serializable} and know how to
 * write themselves, so no {@code --add-opens} flag is needed. Reading goes through an {@link ObjectInputFilter}
 * that applies the codec's allow-list to every class in the stream.
 */
final class JdkSerializer extends Serializer<Object> {

    private final Predicate<Class<?>> allowed;

    JdkSerializer(Predicate<Class<?>> allowed) {
        this.allowed = allowed;
    }

    @Override
    public void write(Kryo kryo, Output output, Object object) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            throw new KryoException("Java serialization of " + object.getClass().getName() + " failed: " + e, e);
        }
        output.writeVarInt(bytes.size(), true);
        output.writeBytes(bytes.toByteArray());
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<?> type) {
        byte[] bytes = input.readBytes(input.readVarInt(true));
        ClassLoader loader = kryo.getClassLoader();
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), loader)) {
            in.setObjectInputFilter(info -> {
                Class<?> c = info.serialClass();
                if (c == null) {
                    return ObjectInputFilter.Status.UNDECIDED;
                }
                return allowed.test(c) ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
            });
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new KryoException("Java deserialization of " + type.getName() + " failed (a class outside the"
                    + " allow-list?): " + e, e);
        }
    }

    /** Resolves classes with the codec's loader. */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
