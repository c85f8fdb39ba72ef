package io.govstream.ledger.checkpoint;

import io.govstream.events.CheckpointComponent;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.ledger.Bytes;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a checkpoint signature covers. Ours, not Avro binary, for the same reason as the
 * entry hash: a field added to the Avro record later must not invalidate old signatures.
 * Version 1, big-endian, {@code str} = i32 length + UTF-8, {@code bin} = i32 length + bytes:
 * <pre>
 *   str "govstream-checkpoint-v1", str scope, str ledgerTopic, i32 partition, i64 treeSize,
 *   bin rootHash, bin chainHeadHash, i64 lastSequence,
 *   i32 n, n × (i32 partition, i64 treeSize, bin rootHash)      components
 *   i64 issuedAt (epoch ms), str keyId
 * </pre>
 * The frontier is not signed: it must fold to the signed root, which binds it.
 */
public final class CheckpointEncoding {
    public static final String DOMAIN_TAG_V1 = "govstream-checkpoint-v1";

    private CheckpointEncoding() {
    }

    public static byte[] canonical(LedgerCheckpoint checkpoint) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            writeString(out, DOMAIN_TAG_V1);
            writeString(out, checkpoint.getScope().name());
            writeString(out, checkpoint.getLedgerTopic());
            out.writeInt(checkpoint.getPartition());
            out.writeLong(checkpoint.getTreeSize());
            writeBytes(out, Bytes.of(checkpoint.getRootHash()));
            writeBytes(out, Bytes.of(checkpoint.getChainHeadHash()));
            out.writeLong(checkpoint.getLastSequence());
            out.writeInt(checkpoint.getComponents().size());
            for (CheckpointComponent component : checkpoint.getComponents()) {
                out.writeInt(component.getPartition());
                out.writeLong(component.getTreeSize());
                writeBytes(out, Bytes.of(component.getRootHash()));
            }
            out.writeLong(checkpoint.getIssuedAt().toEpochMilli());
            writeString(out, checkpoint.getKeyId());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return buffer.toByteArray();
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        writeBytes(out, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }
}
