package dev.scatterbatch.bus;

import dev.scatterbatch.model.wire.WireFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * The codec of one message record: inside a JVM the immutable record is passed by reference; on the wire
 * (a clustered bus) it travels as length-prefixed JSON in {@link WireFormat}, decoded as {@code family}.
 *
 * @param <T> the record type
 */
public final class RecordCodec<T> implements MessageCodec<T, T> {

    private final Class<T> type;
    private final Class<? super T> family;

    /** A codec for {@code type}, decoding wire JSON as {@code family} (the type itself or its sealed parent). */
    public RecordCodec(Class<T> type, Class<? super T> family) {
        this.type = type;
        this.family = family;
    }

    @Override
    public void encodeToWire(Buffer buffer, T message) {
        byte[] json = WireFormat.encode(message);
        buffer.appendInt(json.length).appendBytes(json);
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
        int length = buffer.getInt(pos);
        return type.cast(WireFormat.decode(buffer.getBytes(pos + 4, pos + 4 + length), family));
    }

    @Override
    public T transform(T message) {
        return message;
    }

    @Override
    public String name() {
        return "scatterbatch:" + type.getName();
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
