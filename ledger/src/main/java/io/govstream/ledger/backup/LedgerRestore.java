package io.govstream.ledger.backup;

import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.KafkaLedgerReader;
import io.govstream.schemas.EventHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.LongConsumer;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes a {@link LedgerBackup} into an empty cluster: every partition's entries into the same
 * partition number of the ledger topic, in their original order, then every checkpoint, through
 * one transactional producer (a reader never sees half a batch). Refuses a damaged backup (file
 * hashes), a target with another partition count, and a target that is not empty, before writing.
 * Offsets in the new cluster may differ from the old ones; sequences, hashes and roots do not.
 */
public final class LedgerRestore {
    private static final int BATCH = 10_000;

    /** What was written. */
    public record Result(long entries, long checkpoints) {
    }

    private LedgerRestore() {
    }

    /**
     * @param encodeEntry      value bytes for the target ledger topic (the wire format with the target registry's id)
     * @param encodeCheckpoint value bytes for the target checkpoints topic
     */
    public static Result run(Map<String, ?> client, Path dir, String ledgerTopic, String checkpointsTopic,
                             BiFunction<String, LedgerEntry, byte[]> encodeEntry,
                             BiFunction<String, LedgerCheckpoint, byte[]> encodeCheckpoint, LongConsumer progress) {
        BackupManifest manifest = BackupManifest.read(dir);
        checkFiles(dir, manifest);
        KafkaLedgerReader ledger = new KafkaLedgerReader(client, ledgerTopic);
        if (ledger.partitionCount() != manifest.partitions().size()) {
            throw new IllegalArgumentException("target " + ledgerTopic + " has " + ledger.partitionCount() + " partitions, the backup "
                    + manifest.partitions().size() + ": each chain must go back to its own partition");
        }
        requireEmpty(ledger, ledgerTopic);
        requireEmpty(new KafkaLedgerReader(client, checkpointsTopic), checkpointsTopic);

        Map<String, Object> props = new HashMap<>(client);
        props.keySet().removeIf(k -> k.startsWith("schema.registry.") || k.equals("group.id") || k.equals("orbit.url"));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "govstream-ledger-restore-" + UUID.randomUUID());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        long entries = 0;
        long checkpoints = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            producer.beginTransaction();
            int inBatch = 0;
            for (BackupManifest.PartitionFile file : manifest.partitions()) {
                try (DataFileReader<LedgerEntry> reader = new DataFileReader<>(dir.resolve(file.file()).toFile(),
                        new SpecificDatumReader<>(LedgerEntry.class))) {
                    for (LedgerEntry entry : reader) {
                        ProducerRecord<String, byte[]> record = new ProducerRecord<>(ledgerTopic, file.partition(),
                                entry.getEnvelope().getOccurredAt().toEpochMilli(), entry.getSubjectKey(), encodeEntry.apply(ledgerTopic, entry));
                        record.headers().add(EventHeaders.CORRELATION_ID, entry.getEnvelope().getCorrelationId().getBytes(StandardCharsets.UTF_8));
                        if (entry.getEnvelope().getTraceparent() != null) {
                            record.headers().add(EventHeaders.TRACEPARENT, entry.getEnvelope().getTraceparent().getBytes(StandardCharsets.UTF_8));
                        }
                        producer.send(record);
                        progress.accept(++entries);
                        if (++inBatch == BATCH) {
                            producer.commitTransaction();
                            producer.beginTransaction();
                            inBatch = 0;
                        }
                    }
                }
            }
            try (DataFileReader<LedgerCheckpoint> reader = new DataFileReader<>(dir.resolve(manifest.checkpoints().file()).toFile(),
                    new SpecificDatumReader<>(LedgerCheckpoint.class))) {
                for (LedgerCheckpoint checkpoint : reader) {
                    producer.send(new ProducerRecord<>(checkpointsTopic, 0, checkpoint.getIssuedAt().toEpochMilli(),
                            Integer.toString(checkpoint.getPartition()), encodeCheckpoint.apply(checkpointsTopic, checkpoint)));
                    checkpoints++;
                }
            }
            producer.commitTransaction();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the backup in " + dir, e);
        }
        if (entries != manifest.totalEntries() || checkpoints != manifest.checkpoints().count()) {
            throw new IllegalStateException("restored " + entries + " entries and " + checkpoints + " checkpoints, the manifest lists "
                    + manifest.totalEntries() + " and " + manifest.checkpoints().count());
        }
        return new Result(entries, checkpoints);
    }

    private static void checkFiles(Path dir, BackupManifest manifest) {
        for (BackupManifest.PartitionFile file : manifest.partitions()) {
            requireHash(dir, file.file(), file.sha256());
        }
        requireHash(dir, manifest.checkpoints().file(), manifest.checkpoints().sha256());
    }

    private static void requireHash(Path dir, String file, String expected) {
        String actual = LedgerBackup.sha256(dir.resolve(file));
        if (!actual.equals(expected)) {
            throw new IllegalArgumentException("backup file " + file + " has SHA-256 " + actual + " but the manifest says " + expected
                    + ": the backup is damaged, nothing was restored");
        }
    }

    private static void requireEmpty(KafkaLedgerReader reader, String topic) {
        Map<Integer, Long> counts = reader.recordCounts();
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        if (total > 0) {
            throw new IllegalArgumentException("target topic " + topic + " is not empty (" + total
                    + " records): restore only into an empty ledger, nothing was restored");
        }
    }
}
