package io.govstream.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: magic byte 0, the schema's 4-byte big-endian global id, then
 * the Avro binary encoding. Any Confluent-ecosystem client reads and writes it.
 */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** Reads the schema id of a wire-format record, or fails naming what is wrong. */
    public static int schemaId(byte[] data) {
        if (data == null || data.length < HEADER_SIZE) {
            throw new SerializationException("Not a Confluent wire-format record: "
                    + (data == null ? "null" : data.length + " bytes") + ", need at least " + HEADER_SIZE);
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException("Unknown magic byte " + data[0] + " (expected 0): not a Confluent wire-format record");
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }

    /** Subject of a topic's values under the TopicNameStrategy. */
    public static String valueSubject(String topic) {
        return topic + "-value";
    }
}
