package io.govstream.ledger.checkpoint;

import io.govstream.events.CheckpointComponent;
import io.govstream.events.CheckpointScope;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.ChainHasher;
import io.govstream.ledger.ChainHead;
import io.govstream.ledger.LedgerHead;
import io.govstream.ledger.merkle.MerkleFrontier;
import io.govstream.ledger.merkle.MerkleHash;
import io.govstream.schemas.Envelopes;
import io.govstream.ledger.merkle.MerkleProofs;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Builds unsigned checkpoints and reads a checkpoint back into a ledger head. Pure. */
public final class Checkpoints {
    /** Tenant of the platform's own records. */
    public static final String SYSTEM_TENANT = "govstream";

    private Checkpoints() {
    }

    /** An unsigned checkpoint of a partition at its current head; sign it with {@link CheckpointSigner#sign}. */
    public static LedgerCheckpoint of(String ledgerTopic, LedgerHead head, Instant issuedAt, String producer) {
        if (!head.hasFrontier()) {
            throw new IllegalArgumentException("no Merkle frontier for partition " + head.partition() + ": cannot checkpoint it");
        }
        String id = id(ledgerTopic + "/" + head.partition() + "/" + head.size());
        return unsigned(id, ledgerTopic, issuedAt, producer)
                .setScope(CheckpointScope.PARTITION)
                .setPartition(head.partition())
                .setTreeSize(head.size())
                .setRootHash(ByteBuffer.wrap(head.frontier().root()))
                .setChainHeadHash(ByteBuffer.wrap(head.chain().lastHash()))
                .setLastSequence(head.size() - 1)
                .setFrontier(head.frontier().roots().stream().map(ByteBuffer::wrap).toList())
                .setComponents(List.of())
                .build();
    }

    /**
     * An unsigned COMBINED checkpoint over the given partition checkpoints (one per partition):
     * its root is the Merkle root over the components' encodings, in partition order.
     */
    public static LedgerCheckpoint combined(String ledgerTopic, List<LedgerCheckpoint> partitions, Instant issuedAt, String producer) {
        List<CheckpointComponent> components = partitions.stream()
                .sorted(Comparator.comparingInt(LedgerCheckpoint::getPartition))
                .map(c -> new CheckpointComponent(c.getPartition(), c.getTreeSize(), ByteBuffer.wrap(Bytes.of(c.getRootHash()))))
                .toList();
        long total = components.stream().mapToLong(CheckpointComponent::getTreeSize).sum();
        StringBuilder idSource = new StringBuilder(ledgerTopic + "/combined");
        components.forEach(c -> idSource.append('/').append(c.getPartition()).append(':').append(c.getTreeSize()));
        return unsigned(id(idSource.toString()), ledgerTopic, issuedAt, producer)
                .setScope(CheckpointScope.COMBINED)
                .setPartition(-1)
                .setTreeSize(total)
                .setRootHash(ByteBuffer.wrap(combinedRoot(components)))
                .setChainHeadHash(ByteBuffer.wrap(ChainHasher.genesisHash()))
                .setLastSequence(-1)
                .setFrontier(List.of())
                .setComponents(components)
                .build();
    }

    /** Merkle root over the leaves (i32 partition, i64 treeSize, 32-byte root) of each component. */
    public static byte[] combinedRoot(List<CheckpointComponent> components) {
        List<byte[]> leaves = components.stream().map(c -> MerkleHash.leaf(ByteBuffer.allocate(4 + 8 + MerkleHash.LENGTH)
                .putInt(c.getPartition()).putLong(c.getTreeSize()).put(Bytes.of(c.getRootHash())).array())).toList();
        return MerkleProofs.treeHash(leaves, 0, leaves.size());
    }

    /**
     * The ledger head a PARTITION checkpoint states, with its frontier; empty with the reason if the
     * checkpoint is malformed (its frontier does not fold to its signed root, or the numbers disagree).
     */
    public static Optional<LedgerHead> headOf(LedgerCheckpoint checkpoint, StringBuilder whyNot) {
        try {
            if (checkpoint.getScope() != CheckpointScope.PARTITION) {
                whyNot.append("a ").append(checkpoint.getScope()).append(" checkpoint has no partition head");
                return Optional.empty();
            }
            if (checkpoint.getLastSequence() != checkpoint.getTreeSize() - 1) {
                whyNot.append("lastSequence ").append(checkpoint.getLastSequence()).append(" but treeSize ").append(checkpoint.getTreeSize());
                return Optional.empty();
            }
            MerkleFrontier frontier = MerkleFrontier.of(checkpoint.getTreeSize(),
                    checkpoint.getFrontier().stream().map(Bytes::of).toList());
            if (!java.util.Arrays.equals(frontier.root(), Bytes.of(checkpoint.getRootHash()))) {
                whyNot.append("its frontier does not fold to its root hash");
                return Optional.empty();
            }
            return Optional.of(new LedgerHead(new ChainHead(checkpoint.getPartition(), checkpoint.getTreeSize(),
                    Bytes.of(checkpoint.getChainHeadHash())), frontier));
        } catch (IllegalArgumentException e) {
            whyNot.append(e.getMessage());
            return Optional.empty();
        }
    }

    /** What every unsigned checkpoint has: its own envelope, the ledger, the time, and no key id or signature yet. */
    private static LedgerCheckpoint.Builder unsigned(String id, String ledgerTopic, Instant issuedAt, String producer) {
        return LedgerCheckpoint.newBuilder()
                .setEnvelope(Envelopes.origin(id, id, SYSTEM_TENANT, producer, issuedAt, null))
                .setLedgerTopic(ledgerTopic)
                .setIssuedAt(issuedAt)
                .setKeyId("")
                .setSignature(ByteBuffer.wrap(new byte[0]));
    }

    private static String id(String source) {
        return Envelopes.derivedId("govstream-checkpoint:" + source);
    }
}
