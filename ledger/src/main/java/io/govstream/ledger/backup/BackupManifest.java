package io.govstream.ledger.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a ledger backup holds, written last as {@code manifest.json}: per partition its Avro
 * container file, entry count, sequence range, chain head and Merkle root, and the SHA-256 of
 * every file, so a restore can refuse a damaged or incomplete backup before writing anything.
 */
public record BackupManifest(String format, String createdAt, String ledgerTopic, String checkpointsTopic,
                             List<PartitionFile> partitions, CheckpointFile checkpoints, boolean ledgerVerified,
                             List<String> problems) {
    public static final String FORMAT = "govstream-ledger-backup-v1";
    public static final String FILE = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One partition's entries, in sequence order, in an Avro container file of LedgerEntry. */
    public record PartitionFile(int partition, String file, long entries, long firstSequence, long lastSequence,
                                String headHash, String merkleRoot, String sha256) {
    }

    /** Every checkpoint, in topic order, in an Avro container file of LedgerCheckpoint. */
    public record CheckpointFile(String file, long count, String sha256) {
    }

    public long totalEntries() {
        return partitions.stream().mapToLong(PartitionFile::entries).sum();
    }

    public void write(Path dir) {
        try {
            JSON.writeValue(dir.resolve(FILE).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + dir.resolve(FILE), e);
        }
    }

    public static BackupManifest read(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            BackupManifest manifest = JSON.readValue(file.toFile(), BackupManifest.class);
            if (!FORMAT.equals(manifest.format())) {
                throw new IllegalArgumentException(file + " is not a " + FORMAT + " manifest");
            }
            return manifest;
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the backup manifest " + file + ": " + e.getMessage(), e);
        }
    }
}
