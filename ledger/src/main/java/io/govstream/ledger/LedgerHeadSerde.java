package io.govstream.ledger;

import io.govstream.ledger.merkle.MerkleFrontier;
import io.govstream.ledger.merkle.MerkleHash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Encoding of a {@link LedgerHead} in the {@code ledger-heads} store and its changelog.
 * Version 2: u8 2, i32 partition, i64 nextSequence, 32 bytes lastHash, u8 n, n × 32 bytes of
 * frontier roots (largest subtree first; n = bit count of nextSequence).
 * Version 1, the chain head alone: u8 1, i32 partition, i64 nextSequence, 32 bytes lastHash. Version-1
 * values still read, with an unknown frontier that the appender rebuilds from the ledger topic (see
 * {@link LedgerHeadRecovery}); a head without a frontier is written as one.
 */
public final class LedgerHeadSerde implements Serde<LedgerHead> {
    private static final byte V1 = 1;
    private static final byte VERSION = 2;
    private static final int V1_SIZE = 1 + 4 + 8 + ChainHasher.HASH_LENGTH;
    private static final int FIXED = V1_SIZE + 1;

    @Override
    public Serializer<LedgerHead> serializer() {
        return (topic, head) -> {
            if (head == null) {
                return null;
            }
            if (!head.hasFrontier()) {
                return ByteBuffer.allocate(V1_SIZE).put(V1).putInt(head.partition()).putLong(head.size()).put(head.chain().lastHash()).array();
            }
            List<byte[]> roots = head.frontier().roots();
            ByteBuffer out = ByteBuffer.allocate(FIXED + roots.size() * MerkleHash.LENGTH)
                    .put(VERSION).putInt(head.partition()).putLong(head.size()).put(head.chain().lastHash())
                    .put((byte) roots.size());
            roots.forEach(out::put);
            return out.array();
        };
    }

    @Override
    public Deserializer<LedgerHead> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            boolean v1 = data.length > 0 && data[0] == V1;
            if (v1 && data.length != V1_SIZE) {
                throw new SerializationException("Not a version-" + V1 + " chain head (" + data.length + " bytes) in " + topic);
            }
            if (!v1 && (data.length < FIXED || data[0] != VERSION)) {
                throw new SerializationException("Not a version-" + VERSION + " ledger head (" + data.length + " bytes) in " + topic);
            }
            ByteBuffer in = ByteBuffer.wrap(data, 1, data.length - 1);
            int partition = in.getInt();
            long nextSequence = in.getLong();
            byte[] lastHash = new byte[ChainHasher.HASH_LENGTH];
            in.get(lastHash);
            if (v1) {
                return new LedgerHead(new ChainHead(partition, nextSequence, lastHash), null);
            }
            int n = Byte.toUnsignedInt(in.get());
            if (in.remaining() != n * MerkleHash.LENGTH) {
                throw new SerializationException("Ledger head in " + topic + " announces " + n + " frontier roots but has "
                        + in.remaining() + " bytes left");
            }
            List<byte[]> roots = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] root = new byte[MerkleHash.LENGTH];
                in.get(root);
                roots.add(root);
            }
            try {
                return new LedgerHead(new ChainHead(partition, nextSequence, lastHash), MerkleFrontier.of(nextSequence, roots));
            } catch (IllegalArgumentException e) {
                throw new SerializationException("Inconsistent ledger head in " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
