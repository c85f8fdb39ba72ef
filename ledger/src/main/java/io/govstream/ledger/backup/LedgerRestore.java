package io.govstream.ledger.backup;

import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.ChainHead;
import io.govstream.ledger.KafkaLedgerReader;
import io.govstream.ledger.KafkaLedgerStore;
import io.govstream.ledger.LedgerCodec;
import io.govstream.ledger.LedgerConflictException;
import io.govstream.ledger.export.AvroContainerCheck;
import io.govstream.schemas.serde.AvroLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * partition number of the ledger topic, in their original order, appended through a
 * {@link KafkaLedgerStore} from the empty chain (one transaction per {@value #BATCH} entries, each
 * checked to chain on), then every checkpoint in one transaction. Refuses, before writing, a damaged
 * backup (file hashes), a backup of a ledger that did not verify (its entries do not chain: the backup
 * stays evidence, but nothing appends onto a broken chain), a target with another partition count, and
 * a target that is not empty (the ledger's: {@link LedgerConflictException}). Offsets in the new
 * cluster may differ from the old ones; sequences, hashes and roots do not.
 */
public final class LedgerRestore {
    static {
        AvroLimits.ensure(); // before anything here decodes Avro data
    }

    private static final int BATCH = 10_000;

    /** What was written. */
    public record Result(long entries, long checkpoints) {
    }

    private LedgerRestore() {
    }

    /**
     * @param entryCodec       entries as the target ledger topic stores them (the wire format with the target registry's id)
     * @param encodeCheckpoint value bytes for the target checkpoints topic
     */
    public static Result run(Map<String, ?> client, Path dir, String ledgerTopic, String checkpointsTopic, LedgerCodec entryCodec,
                             BiFunction<String, LedgerCheckpoint, byte[]> encodeCheckpoint, LongConsumer progress) {
        BackupManifest manifest = BackupManifest.read(dir);
        checkFiles(dir, manifest);
        if (!manifest.ledgerVerified()) {
            throw new IllegalArgumentException("the backup in " + dir + " is of a ledger that did not verify (" + manifest.problems()
                    + "): its entries cannot be appended as a chain, nothing was restored");
        }
        // A stable writer id: a second restore into the same topic fences the first instead of interleaving with it.
        try (KafkaLedgerStore ledger = new KafkaLedgerStore(client, ledgerTopic, entryCodec, "govstream-ledger-restore-" + ledgerTopic,
                Duration.ofSeconds(30))) {
            if (ledger.partitionCount() != manifest.partitions().size()) {
                throw new IllegalArgumentException("target " + ledgerTopic + " has " + ledger.partitionCount() + " partitions, the backup "
                        + manifest.partitions().size() + ": each chain must go back to its own partition");
            }
            for (int p = 0; p < manifest.partitions().size(); p++) {
                ledger.append(p, ChainHead.genesis(p), List.of()); // writes nothing, refuses a partition that is not empty
            }
            requireEmpty(new KafkaLedgerReader(client, checkpointsTopic), checkpointsTopic);

            long entries = 0;
            for (BackupManifest.PartitionFile file : manifest.partitions()) {
                entries += restore(ledger, dir, file, progress, entries);
            }
            long checkpoints = writeCheckpoints(client, dir, manifest, checkpointsTopic, encodeCheckpoint);
            if (entries != manifest.totalEntries() || checkpoints != manifest.checkpoints().count()) {
                throw new IllegalStateException("restored " + entries + " entries and " + checkpoints + " checkpoints, the manifest lists "
                        + manifest.totalEntries() + " and " + manifest.checkpoints().count());
            }
            return new Result(entries, checkpoints);
        }
    }

    /** Appends one partition's entries; returns how many. */
    private static long restore(KafkaLedgerStore ledger, Path dir, BackupManifest.PartitionFile file, LongConsumer progress, long before) {
        ChainHead head = ChainHead.genesis(file.partition());
        List<LedgerEntry> batch = new ArrayList<>();
        long restored = 0;
        try (DataFileReader<LedgerEntry> reader = new DataFileReader<>(dir.resolve(file.file()).toFile(),
                new SpecificDatumReader<>(LedgerEntry.class))) {
            for (LedgerEntry entry : reader) {
                batch.add(entry);
                if (batch.size() == BATCH || !reader.hasNext()) {
                    head = ledger.append(file.partition(), head, batch);
                    restored += batch.size();
                    progress.accept(before + restored);
                    batch = new ArrayList<>();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the backup in " + dir, e);
        }
        return restored;
    }

    private static long writeCheckpoints(Map<String, ?> client, Path dir, BackupManifest manifest, String checkpointsTopic,
                                         BiFunction<String, LedgerCheckpoint, byte[]> encodeCheckpoint) {
        Map<String, Object> props = new HashMap<>(client);
        props.keySet().retainAll(ProducerConfig.configNames());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "govstream-ledger-restore-" + checkpointsTopic);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        long checkpoints = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props);
             DataFileReader<LedgerCheckpoint> reader = new DataFileReader<>(dir.resolve(manifest.checkpoints().file()).toFile(),
                     new SpecificDatumReader<>(LedgerCheckpoint.class))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (LedgerCheckpoint checkpoint : reader) {
                producer.send(new ProducerRecord<>(checkpointsTopic, 0, checkpoint.getIssuedAt().toEpochMilli(),
                        Integer.toString(checkpoint.getPartition()), encodeCheckpoint.apply(checkpointsTopic, checkpoint)));
                checkpoints++;
            }
            producer.commitTransaction();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the backup in " + dir, e);
        }
        return checkpoints;
    }

    private static void checkFiles(Path dir, BackupManifest manifest) {
        manifest.partitions().forEach(file -> requireHash(dir, file.file(), file.sha256()));
        requireHash(dir, manifest.checkpoints().file(), manifest.checkpoints().sha256());
    }

    /** The file's hash as the manifest states it, and Avro framing that can be read within bounds (the manifest is not signed). */
    private static void requireHash(Path dir, String file, String expected) {
        String actual = LedgerBackup.sha256(dir.resolve(file));
        if (!actual.equals(expected)) {
            throw new IllegalArgumentException("backup file " + file + " has SHA-256 " + actual + " but the manifest says " + expected
                    + ": the backup is damaged, nothing was restored");
        }
        try {
            AvroContainerCheck.check(dir.resolve(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("backup file " + file + ": " + e.getMessage() + ": nothing was restored", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the backup in " + dir, e);
        }
    }

    private static void requireEmpty(KafkaLedgerReader reader, String topic) {
        long total = reader.offsetRanges().values().stream().mapToLong(r -> r.to() - r.from()).sum(); // last stable minus log start offsets
        if (total > 0) {
            throw new IllegalArgumentException("target topic " + topic + " is not empty (" + total
                    + " records): restore only into an empty ledger, nothing was restored");
        }
    }
}
