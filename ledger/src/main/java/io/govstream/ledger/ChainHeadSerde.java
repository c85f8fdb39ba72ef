package io.govstream.ledger;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Fixed-width encoding of a chain head for the {@code ledger-heads} store and its changelog:
 * u8 version (1), i32 partition, i64 nextSequence, 32 bytes lastHash.
 */
public final class ChainHeadSerde implements Serde<ChainHead> {
    private static final byte VERSION = 1;
    private static final int SIZE = 1 + 4 + 8 + ChainHasher.HASH_LENGTH;

    @Override
    public Serializer<ChainHead> serializer() {
        return (topic, head) -> head == null ? null : ByteBuffer.allocate(SIZE)
                .put(VERSION).putInt(head.partition()).putLong(head.nextSequence()).put(head.lastHash()).array();
    }

    @Override
    public Deserializer<ChainHead> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            if (data.length != SIZE || data[0] != VERSION) {
                throw new SerializationException("Not a version-" + VERSION + " chain head (" + data.length + " bytes) in " + topic);
            }
            ByteBuffer buffer = ByteBuffer.wrap(data, 1, SIZE - 1);
            int partition = buffer.getInt();
            long nextSequence = buffer.getLong();
            byte[] hash = new byte[ChainHasher.HASH_LENGTH];
            buffer.get(hash);
            return new ChainHead(partition, nextSequence, hash);
        };
    }
}
