package dev.scatterbatch.model.wire;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON wire form of every message record, for event-bus messages that leave the JVM (a clustered bus).
 * Sealed message families carry a {@code type} property, so a receiver decodes to the right record.
 */
public final class WireFormat {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private WireFormat() {
    }

    /** The message as JSON bytes. */
    public static byte[] encode(Object message) {
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /** A message of type {@code type} (a record or a sealed family) from JSON bytes. */
    public static <T> T decode(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a " + type.getSimpleName() + " message: " + e.getMessage(), e);
        }
    }
}
