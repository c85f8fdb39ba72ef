package io.govstream.ledger.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.KafkaLedgerReader.OffsetRange;
import io.govstream.ledger.checkpoint.CheckpointFixtures;
import io.govstream.ledger.checkpoint.CheckpointRecord;
import io.govstream.ledger.checkpoint.CheckpointSigner;
import io.govstream.ledger.export.ExportFilter;
import io.govstream.ledger.export.ExportRow;
import io.govstream.ledger.export.HostileContainers;
import io.govstream.ledger.proof.LedgerProver;
import io.govstream.secrets.SigningKeyFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidencePackTest {
    @TempDir
    Path tmp;

    /** Ten entries of partition 0, a checkpoint at 8: the pack holds entries 2..9 (2..7 proven, 8 and 9 not yet). */
    private EvidencePack.Inputs inputs() {
        List<LedgerEntry> chain = CheckpointFixtures.chain(0, 10, "pack");
        LedgerCheckpoint cp = CheckpointFixtures.signedAt(chain, 8, CheckpointFixtures.SIGNER);
        LedgerProver prover = new LedgerProver(0);
        chain.forEach(prover::accept);
        List<ExportRow> rows = new ArrayList<>();
        for (int i = 2; i < chain.size(); i++) {
            rows.add(ExportRow.of(chain.get(i), 100 + i));
        }
        CheckpointRecord record = new CheckpointRecord(5, cp);
        return new EvidencePack.Inputs(CheckpointFixtures.LEDGER, CheckpointFixtures.T0.plusSeconds(60),
                new ExportFilter(CheckpointFixtures.T0.plusSeconds(2), CheckpointFixtures.T0.plusSeconds(60), null, null, null, null, null),
                List.of(new OffsetRange(0, 100, 110)), rows, Map.of(0, prover), Map.of(0, record), List.of(record), List.of(),
                Map.of("governance.ledger-value", LedgerEntry.getClassSchema().toString(true)));
    }

    @Test
    void givenAPack_whenVerifiedOffline_thenEveryProofHolds_andEntriesAfterTheCheckpointAreListedAsUnproven() {
        Path dir = tmp.resolve("pack");
        EvidencePack.Summary summary = EvidencePack.write(inputs(), dir);
        assertThat(summary.entries()).isEqualTo(8);
        assertThat(summary.proofs()).isEqualTo(6);
        assertThat(summary.unproven()).containsExactly("0:8", "0:9");
        assertThat(dir.resolve("schemas/governance.ledger-value.avsc")).exists();

        PackVerifier.Result result = PackVerifier.verify(dir, CheckpointFixtures.SIGNER.verifier());
        assertThat(result.problems()).isEmpty();
        assertThat(result.proofs()).isEqualTo(6);
        assertThat(result.unproven()).isEqualTo(2);
        assertThat(result.keyIds()).containsExactly(CheckpointFixtures.SIGNER.noteSigner(CheckpointFixtures.LEDGER).verifierKey().id());
        assertThat(result.header().path("period").path("since").asText()).isEqualTo("2026-01-01T00:00:02Z");
    }

    @Test
    void givenAZippedPack_whenVerified_thenItHolds() {
        Path zip = tmp.resolve("pack.zip");
        EvidencePack.write(inputs(), zip);
        assertThat(zip).isRegularFile();
        assertThat(PackVerifier.verify(zip, CheckpointFixtures.SIGNER.verifier()).problems()).isEmpty();
    }

    @Test
    void givenATamperedPack_whenVerified_thenTheAlteredFileTheAddedFileAndTheForeignKeyAreNamed() throws Exception {
        Path dir = tmp.resolve("pack");
        EvidencePack.write(inputs(), dir);
        Path proof = dir.resolve("proofs/p0-s3.json");
        Files.writeString(proof, Files.readString(proof).replace("\"treeSize\" : 8", "\"treeSize\" : 7"));
        Files.writeString(dir.resolve("proofs/extra.json"), "{}");

        PackVerifier.Result result = PackVerifier.verify(dir, CheckpointFixtures.SIGNER.verifier());
        assertThat(result.holds()).isFalse();
        assertThat(result.problems()).anyMatch(p -> p.startsWith("proofs/p0-s3.json: SHA-256 differs"));
        assertThat(result.problems()).anyMatch(p -> p.startsWith("proofs/extra.json: not listed"));
        assertThat(result.problems()).anyMatch(p -> p.startsWith("entry 0:3"));

        Path clean = tmp.resolve("clean");
        EvidencePack.write(inputs(), clean);
        CheckpointSigner stranger = CheckpointSigner.of(SigningKeyFiles.generate());
        assertThat(PackVerifier.verify(clean, stranger.verifier()).problems())
                .anyMatch(p -> p.contains("checkpoint")).hasSizeGreaterThanOrEqualTo(7);
    }

    @Test
    void givenAZipThatExpandsAThousandfold_whenVerified_thenRefusedBeforeItFillsTheDisk() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/io")), "counts this process's writes from /proc/self/io");
        // A real pack, zipped, and beside its files 256 MiB of zeros that deflate to a quarter of a megabyte: what anyone
        // could send an auditor as "the evidence".
        Path real = tmp.resolve("real.zip");
        EvidencePack.write(inputs(), real);
        Path bomb = tmp.resolve("bomb.zip");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(real));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bomb))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("schemas/padding.avsc"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) {
                out.write(zeros);
            }
            out.closeEntry();
        }
        assertThat(Files.size(bomb)).isLessThan(1L << 20);
        long writtenBefore = bytesWrittenByThisProcess();

        assertThatThrownBy(() -> PackVerifier.verify(bomb, CheckpointFixtures.SIGNER.verifier()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bomb.zip").hasMessageContaining("schemas/padding.avsc").hasMessageContaining("expand");
        assertThat(bytesWrittenByThisProcess() - writtenBefore).as("bytes written unpacking a %d-byte zip", Files.size(bomb))
                .isLessThan(64L << 20);
    }

    @Test
    void givenAPackDirectoryWhoseProofAndCheckpointsClaimGigabytes_whenVerified_thenProblemsNamingThemWithoutReadingThem() throws Exception {
        Path dir = tmp.resolve("pack");
        EvidencePack.write(inputs(), dir);
        long proofBytes = Files.size(dir.resolve("proofs/p0-s3.json"));
        for (String file : List.of("proofs/p0-s3.json", "checkpoints.jsonl")) {
            try (RandomAccessFile sparse = new RandomAccessFile(dir.resolve(file).toFile(), "rw")) {
                sparse.setLength(4L << 30); // 4 GiB claimed, nothing written
            }
        }
        long before = allocatedByThisThread();

        PackVerifier.Result result = PackVerifier.verify(dir, CheckpointFixtures.SIGNER.verifier());
        assertThat(result.holds()).isFalse();
        assertThat(result.problems())
                .anyMatch(p -> p.equals("entry 0:3: proof file " + dir.resolve("proofs/p0-s3.json")
                        + " is larger than 64 MiB, more than any proof file of a govstream ledger holds"))
                .anyMatch(p -> p.startsWith("pack checkpoints file " + dir.resolve("checkpoints.jsonl") + " is larger than 64 MiB"));
        assertThat(result.problems()).contains("proofs/p0-s3.json: 4294967296 bytes, the manifest states " + proofBytes + " (the file was altered)");
        assertThat(result.proofs()).isEqualTo(5);
        assertThat(allocatedByThisThread() - before).as("bytes allocated to refuse two files of 4 GiB").isLessThan(64L << 20);
    }

    @Test
    void givenEntriesAvroWhoseBlockClaimsTwoGigabytes_whenVerified_thenAProblemWithoutAllocatingIt() throws Exception {
        Path dir = tmp.resolve("pack");
        EvidencePack.write(inputs(), dir);
        // The container's header as written, then a block that claims one entry in 2,147,483,647 bytes and holds three.
        Path avro = dir.resolve("entries.avro");
        Files.write(avro, HostileContainers.blockClaiming(Files.readAllBytes(avro), Integer.MAX_VALUE));
        long before = allocatedByThisThread();

        PackVerifier.Result result = PackVerifier.verify(dir, CheckpointFixtures.SIGNER.verifier());
        assertThat(allocatedByThisThread() - before).as("bytes allocated to check a pack of %d bytes of entries", Files.size(avro))
                .isLessThan(64L << 20);
        assertThat(result.holds()).isFalse();
        assertThat(result.problems()).anyMatch(p -> p.matches("entries\\.avro: \\d+ bytes, the manifest states \\d+ \\(the file was altered\\)"))
                .anyMatch(p -> p.startsWith("entries.avro: block 1 claims 1 records in 2147483647 bytes"));
    }

    @Test
    void givenEntriesAvroWithABlockThatInflatesToAQuarterGigabyte_whenVerified_thenAProblemWithoutInflatingIt() throws Exception {
        Path dir = tmp.resolve("pack");
        EvidencePack.write(inputs(), dir);
        Path avro = dir.resolve("entries.avro");
        Files.write(avro, HostileContainers.deflateBomb(Files.readAllBytes(avro), 256));
        assertThat(Files.size(avro)).isLessThan(1L << 20);
        long before = allocatedByThisThread();

        PackVerifier.Result result = PackVerifier.verify(dir, CheckpointFixtures.SIGNER.verifier());
        assertThat(allocatedByThisThread() - before).as("bytes allocated to check a pack of %d bytes of entries", Files.size(avro))
                .isLessThan(64L << 20);
        assertThat(result.problems()).anyMatch(p -> p.startsWith("entries.avro: block 1 inflates to more than 67108864 bytes"));
    }

    /** Bytes this process has passed to write calls so far (Linux: wchar in /proc/self/io). */
    private static long bytesWrittenByThisProcess() throws IOException {
        Matcher m = Pattern.compile("(?m)^wchar: (\\d+)$").matcher(Files.readString(Path.of("/proc/self/io")));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Bytes of this thread's allocations so far (the JVM's own count, of this thread only). */
    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
