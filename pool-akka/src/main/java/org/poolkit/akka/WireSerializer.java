package org.poolkit.akka;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;

import akka.actor.ExtendedActorSystem;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.SerializerWithStringManifest;

/**
 * Akka serializer of the {@link Wire} envelopes: a few fixed fields and the frame bytes, no reflection. The
 * payloads inside the frames were already encoded by the runtime's codec, which applies the allow-list.
 */
public final class WireSerializer extends SerializerWithStringManifest {

    private final ActorRefResolver resolver;

    /**
     * Created by Akka from {@code akka.actor.serializers}.
     *
     * @param system the actor system
     */
    public WireSerializer(ExtendedActorSystem system) {
        this.resolver = ActorRefResolver.get(Adapter.toTyped(system));
    }

    @Override
    public int identifier() {
        return 0x706f6f6c; // "pool"
    }

    @Override
    public String manifest(Object message) {
        if (message instanceof Wire.Frame) {
            return "F";
        } else if (message instanceof Wire.Chunk) {
            return "C";
        } else if (message instanceof Wire.Ack) {
            return "A";
        } else if (message instanceof Wire.Hello) {
            return "H";
        } else if (message instanceof Wire.Welcome) {
            return "W";
        } else if (message instanceof Wire.Shutdown) {
            return "S";
        }
        throw new IllegalArgumentException("not a poolkit wire message: " + message.getClass().getName());
    }

    @Override
    public byte[] toBinary(Object message) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(message instanceof Wire.Chunk c
                ? c.part().length + 32 : message instanceof Wire.Frame f ? f.bytes().length + 8 : 64);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            if (message instanceof Wire.Frame f) {
                out.writeInt(f.slot());
                writeBytes(out, f.bytes());
            } else if (message instanceof Wire.Chunk c) {
                out.writeInt(c.slot());
                out.writeLong(c.stream());
                out.writeInt(c.seq());
                out.writeInt(c.totalLength());
                writeBytes(out, c.part());
            } else if (message instanceof Wire.Ack a) {
                out.writeInt(a.slot());
            } else if (message instanceof Wire.Hello h) {
                out.writeUTF(h.workerId());
                out.writeLong(h.pid());
                out.writeUTF(resolver.toSerializationFormat(h.worker()));
            } else if (message instanceof Wire.Welcome w) {
                out.writeInt(w.slot());
                writeBytes(out, w.setup());
            } else if (!(message instanceof Wire.Shutdown)) {
                throw new IllegalArgumentException("not a poolkit wire message: " + message.getClass().getName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            switch (manifest) {
                case "F":
                    return new Wire.Frame(in.readInt(), readBytes(in));
                case "C":
                    return new Wire.Chunk(in.readInt(), in.readLong(), in.readInt(), in.readInt(), readBytes(in));
                case "A":
                    return new Wire.Ack(in.readInt());
                case "H":
                    String id = in.readUTF();
                    long pid = in.readLong();
                    ActorRef<Wire.Message> ref = resolver.resolveActorRef(in.readUTF());
                    return new Wire.Hello(id, pid, ref);
                case "W":
                    return new Wire.Welcome(in.readInt(), readBytes(in));
                case "S":
                    return new Wire.Shutdown();
                default:
                    throw new NotSerializableException("unknown poolkit wire manifest '" + manifest + "'");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }
}
