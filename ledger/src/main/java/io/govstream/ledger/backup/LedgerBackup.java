package io.govstream.ledger.backup;

import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.ChainHasher;
import io.govstream.ledger.KafkaLedgerReader;
import io.govstream.ledger.LedgerVerifier;
import io.govstream.ledger.PartitionSummary;
import io.govstream.ledger.Problem;
import io.govstream.ledger.VerificationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Backs up the ledger and its checkpoints into a directory: one Avro container file per ledger
 * partition (entries in offset order, deflate-compressed), one for the checkpoints, and the
 * {@link BackupManifest}. The chains are verified on the way; the manifest records the outcome,
 * so a backup of a damaged ledger is still taken (it is evidence) but says so.
 */
public final class LedgerBackup {

    private LedgerBackup() {
    }

    public static BackupManifest run(Map<String, ?> client, String ledgerTopic, String checkpointsTopic,
                                     Function<byte[], LedgerEntry> entryDecoder, Function<byte[], LedgerCheckpoint> checkpointDecoder,
                                     Path dir, LongConsumer progress) {
        prepare(dir);
        Map<Integer, DataFileWriter<LedgerEntry>> writers = new HashMap<>();
        Map<Integer, long[]> ranges = new HashMap<>(); // count, first sequence, last sequence
        LedgerVerifier verifier = new LedgerVerifier(entryDecoder);
        KafkaLedgerReader ledger = new KafkaLedgerReader(client, ledgerTopic, Duration.ofSeconds(30), progress);
        int partitionCount = ledger.partitionCount();
        try {
            ledger.replayFromStart(r -> {
                LedgerEntry entry = entryDecoder.apply(r.value());
                verifier.accept(r.partition(), r.offset(), entry);
                append(writers.computeIfAbsent(r.partition(), p -> open(dir, partitionFile(p), LedgerEntry.class)), entry);
                long[] range = ranges.computeIfAbsent(r.partition(), p -> new long[] {0, entry.getSequence(), 0});
                range[0]++;
                range[2] = entry.getSequence();
            });
        } finally {
            writers.values().forEach(LedgerBackup::close);
        }
        long checkpoints;
        DataFileWriter<LedgerCheckpoint> cpWriter = open(dir, "checkpoints.avro", LedgerCheckpoint.class);
        try {
            checkpoints = new KafkaLedgerReader(client, checkpointsTopic).replayFromStart(r -> append(cpWriter, checkpointDecoder.apply(r.value())));
        } finally {
            close(cpWriter);
        }
        VerificationReport report = verifier.report();
        List<BackupManifest.PartitionFile> files = new ArrayList<>();
        for (int p = 0; p < partitionCount; p++) {
            if (!writers.containsKey(p)) {
                close(open(dir, partitionFile(p), LedgerEntry.class)); // an empty partition still gets its file
            }
            long[] range = ranges.getOrDefault(p, new long[] {0, -1, -1});
            PartitionSummary summary = report.partitions().get(p);
            files.add(new BackupManifest.PartitionFile(p, partitionFile(p), range[0], range[1], range[2],
                    summary == null ? null : summary.head().lastHashHex(), summary == null ? null : summary.merkleRootHex(),
                    sha256(dir.resolve(partitionFile(p)))));
        }
        BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, Instant.now().toString(), ledgerTopic, checkpointsTopic,
                files, new BackupManifest.CheckpointFile("checkpoints.avro", checkpoints, sha256(dir.resolve("checkpoints.avro"))),
                report.isClean(), report.problems().stream().map(Problem::toString).toList());
        manifest.write(dir);
        return manifest;
    }

    static String partitionFile(int partition) {
        return "ledger-partition-" + partition + ".avro";
    }

    private static void prepare(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalArgumentException("backup directory " + dir + " is not empty");
                    }
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + dir, e);
        }
    }

    private static <T> DataFileWriter<T> open(Path dir, String file, Class<T> type) {
        try {
            DataFileWriter<T> writer = new DataFileWriter<>(new SpecificDatumWriter<>(type));
            writer.setCodec(CodecFactory.deflateCodec(6));
            writer.create(org.apache.avro.specific.SpecificData.get().getSchema(type), dir.resolve(file).toFile());
            return writer;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir.resolve(file), e);
        }
    }

    private static <T> void append(DataFileWriter<T> writer, T value) {
        try {
            writer.append(value);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the backup", e);
        }
    }

    private static void close(DataFileWriter<?> writer) {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot finish a backup file", e);
        }
    }

    static String sha256(Path file) {
        try {
            return ChainHasher.sha256Hex(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
