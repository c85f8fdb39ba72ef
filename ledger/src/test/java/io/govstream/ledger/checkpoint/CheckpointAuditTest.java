package io.govstream.ledger.checkpoint;

import static io.govstream.ledger.checkpoint.CheckpointFixtures.CHECKPOINTS;
import static io.govstream.ledger.checkpoint.CheckpointFixtures.LEDGER;
import static io.govstream.ledger.checkpoint.CheckpointFixtures.SIGNER;
import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.LedgerVerifier;
import io.govstream.ledger.ProblemKind;
import io.govstream.ledger.VerificationReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointAuditTest {
    private final List<LedgerEntry> p0 = CheckpointFixtures.chain(0, 10, "audit");
    private final List<LedgerEntry> p1 = CheckpointFixtures.chain(1, 5, "audit");

    @Test
    void givenCheckpointsOfAnIntactLedger_whenVerified_thenEveryCheckpointAndTheCombinedOneVerify() {
        List<CheckpointRecord> checkpoints = new ArrayList<>(List.of(
                record(0, CheckpointFixtures.signedAt(p0, 4, SIGNER)),
                record(1, CheckpointFixtures.signedAt(p1, 5, SIGNER)),
                record(2, CheckpointFixtures.signedAt(p0, 8, SIGNER)),
                record(3, CheckpointFixtures.signedAt(p0, 10, SIGNER))));
        checkpoints.add(record(4, SIGNER.sign(Checkpoints.combined(LEDGER, List.of(checkpoints.get(3).checkpoint(),
                checkpoints.get(1).checkpoint()), Instant.EPOCH, "test"))));

        Run run = verify(checkpoints);

        assertThat(run.report.isClean()).as(run.report.toString()).isTrue();
        assertThat(run.audit.verified().get(0)).extracting(r -> r.checkpoint().getTreeSize()).containsExactly(4L, 8L, 10L);
        assertThat(run.audit.verified().get(1)).hasSize(1);
        assertThat(run.audit.combinedVerified()).isEqualTo(1);
        assertThat(run.report.partitions().get(0).frontier().root()).isEqualTo(checkpoints.get(3).checkpoint().getRootHash().array());
    }

    @Test
    void givenAForgedCheckpointSignature_whenVerified_thenCheckpointForgedNamesItsPartitionAndOffset() {
        LedgerCheckpoint forged = CheckpointFixtures.signedAt(p0, 8, SIGNER);
        forged.setIssuedAt(forged.getIssuedAt().plusSeconds(3600));

        Run run = verify(List.of(record(0, CheckpointFixtures.signedAt(p0, 4, SIGNER)), record(7, forged)));

        assertThat(run.report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.CHECKPOINT_FORGED);
            assertThat(p.partition()).isZero();
            assertThat(p.offset()).isEqualTo(7);
            assertThat(p.message()).contains(CHECKPOINTS + " offset 7").contains("signature does not verify");
        });
    }

    @Test
    void givenACheckpointWhoseNoteWasAltered_whenVerified_thenCheckpointForgedSaysItIsTheNote() {
        LedgerCheckpoint altered = CheckpointFixtures.signedAt(p0, 8, SIGNER);
        altered.setNote(altered.getNote().replace("govstream/governance.ledger/0\n8\n", "govstream/governance.ledger/0\n9\n"));

        Run run = verify(List.of(record(0, CheckpointFixtures.signedAt(p0, 4, SIGNER)), record(3, altered)));

        assertThat(run.report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.CHECKPOINT_FORGED);
            assertThat(p.offset()).isEqualTo(3);
            assertThat(p.message()).contains("its note is not validly signed by the ledger's key").contains("invalid signature");
        });
    }

    @Test
    void givenACheckpointSignedOverAnotherHistory_whenVerified_thenMismatchAtTheEntryWhereTheTreesDiffer() {
        List<LedgerEntry> otherHistory = CheckpointFixtures.chain(0, 10, "rewritten");

        Run run = verify(List.of(record(0, CheckpointFixtures.signedAt(p0, 4, SIGNER)),
                record(1, CheckpointFixtures.signedAt(otherHistory, 8, SIGNER))));

        assertThat(run.report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.CHECKPOINT_MISMATCH);
            assertThat(p.partition()).isZero();
            assertThat(p.offset()).as("offset of entry 7, the 8th").isEqualTo(7);
        });
    }

    @Test
    void givenACheckpointBeyondTheLedgersEnd_whenVerified_thenBeyondLedger() {
        Run run = verify(List.of(record(5, CheckpointFixtures.signedAt(CheckpointFixtures.chain(1, 9, "audit"), 9, SIGNER))));

        assertThat(run.report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.CHECKPOINT_BEYOND_LEDGER);
            assertThat(p.partition()).isEqualTo(1);
            assertThat(p.message()).contains("covers 9 entries but the partition holds 5");
        });
    }

    @Test
    void givenATrustedCheckpoint_whenVerificationResumesThere_thenOnlyLaterEntriesAreReadAndLaterCheckpointsVerify() {
        LedgerCheckpoint start = CheckpointFixtures.signedAt(p0, 6, SIGNER);
        List<CheckpointRecord> checkpoints = List.of(record(0, CheckpointFixtures.signedAt(p0, 3, SIGNER)), record(1, start),
                record(2, CheckpointFixtures.signedAt(p0, 10, SIGNER)));
        CheckpointAudit audit = new CheckpointAudit(LEDGER, CHECKPOINTS, checkpoints, SIGNER.verifier(), null, null);
        LedgerVerifier verifier = new LedgerVerifier(b -> { throw new AssertionError(); }, audit);
        var head = Checkpoints.headOf(start, new StringBuilder()).orElseThrow();
        verifier.resumeFrom(head);
        audit.resumeFrom(head, checkpoints.get(1));

        for (int i = 6; i < 10; i++) {
            verifier.accept(0, 100 + i, p0.get(i));
        }
        VerificationReport report = verifier.report();

        assertThat(report.isClean()).as(report.toString()).isTrue();
        assertThat(report.entriesChecked()).isEqualTo(4);
        assertThat(report.partitions().get(0).fromSequence()).isEqualTo(6);
        assertThat(audit.verified().get(0)).extracting(r -> r.checkpoint().getTreeSize()).containsExactly(10L);
    }

    @Test
    void givenALedgerWithoutCheckpoints_whenVerifiedAnHourLater_thenCheckpointMissingPerPartition() {
        // Entries are appended at T0 + i seconds (CheckpointFixtures); the checkpoints topic was emptied.
        Run run = verify(List.of(), CheckpointFixtures.T0.plusSeconds(3600), java.time.Duration.ofMinutes(5));

        assertThat(run.report.problems()).extracting(p -> p.kind()).containsOnly(ProblemKind.CHECKPOINT_MISSING);
        assertThat(run.report.problems()).extracting(p -> p.partition()).containsExactlyInAnyOrder(0, 1);
        assertThat(run.report.problems().get(0).message()).contains("entries from sequence 0 on").contains("covered by no verified checkpoint")
                .contains("PT5M");
    }

    @Test
    void givenCheckpointsUpToSize8_whenTheLaterEntriesAreOld_thenMissingFromSequence8_andWhenTheyAreYoung_thenClean() {
        List<CheckpointRecord> checkpoints = List.of(record(0, CheckpointFixtures.signedAt(p0, 4, SIGNER)),
                record(1, CheckpointFixtures.signedAt(p0, 8, SIGNER)), record(2, CheckpointFixtures.signedAt(p1, 5, SIGNER)));

        Run old = verify(checkpoints, CheckpointFixtures.T0.plusSeconds(3600), java.time.Duration.ofMinutes(5));
        Run young = verify(checkpoints, CheckpointFixtures.T0.plusSeconds(60), java.time.Duration.ofMinutes(5));

        assertThat(old.report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.CHECKPOINT_MISSING);
            assertThat(p.partition()).isZero();
            assertThat(p.offset()).isEqualTo(8);
            assertThat(p.message()).contains("entries from sequence 8 on (the first appended at " + CheckpointFixtures.T0.plusSeconds(8) + ")");
        });
        assertThat(young.report.isClean()).as("entries younger than the lag wait for their checkpoint: " + young.report).isTrue();
    }

    @Test
    void givenBothTopicsRewrittenConsistently_whenVerifiedAgainstACheckpointKeptOutside_thenMismatchNamesTheTrustedCheckpoint(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        // What an auditor kept: the original history's checkpoint at size 8, through the file format.
        java.nio.file.Path kept = dir.resolve("trusted.checkpoints");
        TrustedCheckpoints.write(kept, List.of(CheckpointFixtures.signedAt(p0, 8, SIGNER)));
        // Someone with the signing key rewrote partition 0 and signed checkpoints that agree with the rewrite.
        List<LedgerEntry> rewritten = CheckpointFixtures.chain(0, 10, "rewritten");
        List<CheckpointRecord> topic = List.of(record(0, CheckpointFixtures.signedAt(rewritten, 10, SIGNER)));

        CheckpointAudit alone = new CheckpointAudit(LEDGER, CHECKPOINTS, topic, SIGNER.verifier(), null, null);
        CheckpointAudit anchored = new CheckpointAudit(LEDGER, CHECKPOINTS,
                java.util.stream.Stream.concat(topic.stream(), TrustedCheckpoints.records(TrustedCheckpoints.read(kept)).stream()).toList(),
                SIGNER.verifier(), null, null);
        VerificationReport withoutAnchor = replay(rewritten, alone);
        VerificationReport withAnchor = replay(rewritten, anchored);

        assertThat(withoutAnchor.isClean()).as("a consistent rewrite passes on its own: " + withoutAnchor).isTrue();
        assertThat(withAnchor.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.CHECKPOINT_MISMATCH);
            assertThat(p.offset()).isEqualTo(7);
            assertThat(p.message()).contains("checkpoint of size 8 (trusted, kept outside the cluster)").contains("signed root");
        });
    }

    @Test
    void givenATrustedCheckpointsFileWithAForeignLine_whenRead_thenTheFileAndLineAreNamed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("trusted.checkpoints");
        TrustedCheckpoints.write(file, List.of(CheckpointFixtures.signedAt(p0, 4, SIGNER)));
        java.nio.file.Files.writeString(file, "{\"not\": \"a checkpoint\"}\n", java.nio.file.StandardOpenOption.APPEND);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrustedCheckpoints.read(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(file + ":3: not a LedgerCheckpoint");
    }

    private static VerificationReport replay(List<LedgerEntry> chain, CheckpointAudit audit) {
        LedgerVerifier verifier = new LedgerVerifier(b -> { throw new AssertionError(); }, audit);
        for (int i = 0; i < chain.size(); i++) {
            verifier.accept(0, i, chain.get(i));
        }
        return verifier.report();
    }

    private record Run(VerificationReport report, CheckpointAudit audit) {
    }

    private Run verify(List<CheckpointRecord> checkpoints, Instant now, java.time.Duration maxLag) {
        CheckpointAudit audit = new CheckpointAudit(LEDGER, CHECKPOINTS, checkpoints, SIGNER.verifier(), now, maxLag);
        LedgerVerifier verifier = new LedgerVerifier(b -> { throw new AssertionError(); }, audit);
        for (int i = 0; i < p0.size(); i++) {
            verifier.accept(0, i, p0.get(i));
        }
        for (int i = 0; i < p1.size(); i++) {
            verifier.accept(1, i, p1.get(i));
        }
        return new Run(verifier.report(), audit);
    }

    private Run verify(List<CheckpointRecord> checkpoints) {
        CheckpointAudit audit = new CheckpointAudit(LEDGER, CHECKPOINTS, checkpoints, SIGNER.verifier(), null, null);
        LedgerVerifier verifier = new LedgerVerifier(b -> { throw new AssertionError(); }, audit);
        for (int i = 0; i < p0.size(); i++) {
            verifier.accept(0, i, p0.get(i));
        }
        for (int i = 0; i < p1.size(); i++) {
            verifier.accept(1, i, p1.get(i));
        }
        return new Run(verifier.report(), audit);
    }

    private static CheckpointRecord record(long offset, LedgerCheckpoint checkpoint) {
        return new CheckpointRecord(offset, checkpoint);
    }

}
