package io.govstream.ledger;

import io.govstream.ledger.audit.LedgerAudit;
import static io.govstream.ledger.checkpoint.CheckpointFixtures.CHECKPOINTS;
import static io.govstream.ledger.checkpoint.CheckpointFixtures.LEDGER;
import static io.govstream.ledger.checkpoint.CheckpointFixtures.SIGNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.checkpoint.CheckpointAudit;
import io.govstream.ledger.checkpoint.CheckpointFixtures;
import io.govstream.ledger.checkpoint.CheckpointRecord;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Verifying partitions in parallel must give the verdict of verifying them one record at a time:
 * the same problems per partition in the same order (so the same first bad entry), the same heads
 * and Merkle roots, the same verified checkpoints.
 */
class ConcurrentLedgerVerifierTest {
    private static final int PER_PARTITION = 1_300; // several poll-sized batches per partition
    private static final java.time.Instant LATER = CheckpointFixtures.T0.plusSeconds(PER_PARTITION + 3600);

    private final AvroSerde<LedgerEntry> serde = AvroSerde.forValue(LedgerEntry.class, new InMemorySchemaRegistryClient());
    private final List<LedgerEntry> p0 = CheckpointFixtures.chain(0, PER_PARTITION, "parallel");
    private final List<LedgerEntry> p1 = CheckpointFixtures.chain(1, PER_PARTITION, "parallel");
    private final List<LedgerEntry> p2 = CheckpointFixtures.chain(2, PER_PARTITION, "parallel");

    @Test
    void givenATamperedLedgerOfThreePartitions_whenVerifiedInParallel_thenTheSameProblemsPerPartitionAsOneRecordAtATime() {
        InMemoryLedger ledger = tamperedLedger();
        List<CheckpointRecord> checkpoints = checkpoints();

        Reference sequential = sequential(ledger, checkpoints);
        LedgerAudit.Result oneThread = audit(ledger, checkpoints, LedgerAudit.Verification.reusing(serde, LEDGER, 1));
        LedgerAudit.Result threeThreads = audit(ledger, checkpoints, LedgerAudit.Verification.reusing(serde, LEDGER, 3));
        LedgerAudit.Result twoThreadsSharedDecoder = audit(ledger, checkpoints,
                new LedgerAudit.Verification(2, () -> (Function<byte[], LedgerEntry>) b -> serde.decode(LEDGER, b)));

        // What a user checks first: where each partition first goes wrong.
        Map<Integer, Problem> firstBad = firstPerPartition(sequential.report.problems());
        assertThat(firstBad.get(0)).satisfies(p -> assertProblem(p, 100, ProblemKind.MODIFIED));
        assertThat(firstBad.get(1)).satisfies(p -> assertProblem(p, 250, ProblemKind.MISSING));
        assertThat(firstBad.get(2)).satisfies(p -> assertProblem(p, 7, ProblemKind.WRONG_PARTITION));
        for (LedgerAudit.Result parallel : List.of(oneThread, threeThreads, twoThreadsSharedDecoder)) {
            VerificationReport report = parallel.report();
            assertThat(firstPerPartition(report.problems())).isEqualTo(firstBad);
            for (int p = -1; p <= 2; p++) {
                assertThat(ofPartition(report.problems(), p)).as("problems of partition " + p)
                        .isEqualTo(ofPartition(sequential.report.problems(), p));
            }
            assertThat(report.problems()).containsExactlyInAnyOrderElementsOf(sequential.report.problems());
            assertThat(report.partitions()).isEqualTo(sequential.report.partitions());
            assertThat(sizes(parallel.verifiedCheckpoints())).isEqualTo(sizes(sequential.audit.verified()));
            assertThat(parallel.combinedVerified()).isEqualTo(sequential.audit.combinedVerified());
        }
        assertThat(threeThreads.report().problems()).isEqualTo(oneThread.report().problems());
        assertThat(twoThreadsSharedDecoder.report().problems()).isEqualTo(oneThread.report().problems());
        // Found before reading (a forged signature) first, found at the end (beyond the ledger, uncovered entries) last.
        List<Problem> problems = threeThreads.report().problems();
        assertThat(problems.get(0).kind()).isEqualTo(ProblemKind.CHECKPOINT_FORGED);
        assertThat(problems.subList(problems.size() - 4, problems.size())).extracting(Problem::kind)
                .containsExactly(ProblemKind.CHECKPOINT_BEYOND_LEDGER, ProblemKind.CHECKPOINT_MISSING, ProblemKind.CHECKPOINT_MISSING,
                        ProblemKind.CHECKPOINT_MISSING);
        assertThat(sequential.report.problems()).hasSize(problems.size()).hasSizeGreaterThan(10);
    }

    @Test
    void givenAnIntactLedger_whenVerifiedInParallel_thenCleanWithTheHeadsAndRootsOfTheChains() {
        InMemoryLedger ledger = new InMemoryLedger();
        interleave(ledger, List.of(encoded(p0), encoded(p1), encoded(p2)));

        LedgerAudit.Result result = LedgerAudit.run(LEDGER, ledger, CHECKPOINTS, List.of(), null, b -> serde.decode(LEDGER, b), false,
                n -> { }, null, null, LedgerAudit.Verification.reusing(serde, LEDGER, 2), null);

        assertThat(result.report().isClean()).as(result.report().toString()).isTrue();
        assertThat(result.report().entriesChecked()).isEqualTo(3L * PER_PARTITION);
        for (List<LedgerEntry> chain : List.of(p0, p1, p2)) {
            PartitionSummary summary = result.report().partitions().get(chain.get(0).getPartition());
            assertThat(summary.head()).isEqualTo(ChainHead.after(chain.get(chain.size() - 1)));
            assertThat(summary.frontier()).isEqualTo(CheckpointFixtures.headAfter(chain, chain.size()).frontier());
        }
    }

    @Test
    void givenAnObserverThatFails_whenVerifiedInParallel_thenTheReportRethrowsItsError() {
        InMemoryLedger ledger = new InMemoryLedger();
        interleave(ledger, List.of(encoded(p0), encoded(p1)));
        ChainObserver failing = (partition, offset, sequence, entryHash, frontier, appendedAt) -> {
            if (partition == 1 && sequence == 700) {
                throw new IllegalStateException("observer broke at 1:700");
            }
        };

        assertThatThrownBy(() -> {
            try (ConcurrentLedgerVerifier verifier = new ConcurrentLedgerVerifier(2, () -> b -> serde.decode(LEDGER, b), failing)) {
                ledger.replayBatches(null, Map.of(), verifier::accept);
                verifier.report();
            }
        }).isInstanceOf(IllegalStateException.class).hasMessage("observer broke at 1:700");
    }

    /** p0: a changed entry and an injected one; p1: a gap, a duplicate, bytes that are no entry; p2: a foreign entry, a changed payload. */
    private InMemoryLedger tamperedLedger() {
        List<byte[]> r0 = encoded(p0);
        LedgerEntry changed = LedgerEntry.newBuilder(p0.get(100)).build();
        changed.setSubjectKey("someone-else");
        r0.set(100, serde.encode(LEDGER, changed));
        LedgerEntry injected = LedgerEntry.newBuilder(p0.get(900)).build();
        injected.setPrevHash(ByteBuffer.wrap(ChainHasher.sha256("forged".getBytes())));
        injected.setHash(ByteBuffer.wrap(ChainHasher.hash(injected)));
        r0.add(900, serde.encode(LEDGER, injected));

        List<byte[]> r1 = encoded(p1);
        r1.add(1100, "not a ledger entry".getBytes());
        r1.add(601, r1.get(600));
        r1.remove(250);

        List<byte[]> r2 = encoded(p2);
        r2.add(7, serde.encode(LEDGER, p0.get(7)));
        LedgerEntry payload = LedgerEntry.newBuilder(p2.get(1000)).build();
        payload.setPayload(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        r2.set(1001, serde.encode(LEDGER, payload));

        InMemoryLedger ledger = new InMemoryLedger();
        interleave(ledger, List.of(r0, r1, r2));
        return ledger;
    }

    private List<CheckpointRecord> checkpoints() {
        LedgerCheckpoint forged = CheckpointFixtures.signedAt(p1, 500, SIGNER);
        forged.setIssuedAt(forged.getIssuedAt().plusSeconds(60));
        List<LedgerEntry> otherHistory = CheckpointFixtures.chain(2, 600, "rewritten");
        return List.of(
                new CheckpointRecord(0, CheckpointFixtures.signedAt(p0, 50, SIGNER)),
                new CheckpointRecord(1, CheckpointFixtures.signedAt(p1, 200, SIGNER)),
                new CheckpointRecord(2, CheckpointFixtures.signedAt(p2, 5, SIGNER)),
                new CheckpointRecord(3, forged),
                new CheckpointRecord(4, CheckpointFixtures.signedAt(otherHistory, 600, SIGNER)),
                new CheckpointRecord(5, CheckpointFixtures.signedAt(p0, 500, SIGNER)),
                new CheckpointRecord(6, CheckpointFixtures.signedAt(CheckpointFixtures.chain(1, PER_PARTITION + 5, "parallel"),
                        PER_PARTITION + 5, SIGNER)));
    }

    private record Reference(VerificationReport report, CheckpointAudit audit) {
    }

    /** The reference: one verifier fed one record at a time, in the order read. */
    private Reference sequential(InMemoryLedger ledger, List<CheckpointRecord> checkpoints) {
        CheckpointAudit audit = new CheckpointAudit(LEDGER, CHECKPOINTS, checkpoints, SIGNER.verifier(), LATER, Duration.ofMinutes(5));
        LedgerVerifier verifier = new LedgerVerifier(b -> serde.decode(LEDGER, b), audit);
        ledger.replayFromStart(verifier::accept);
        return new Reference(verifier.report(), audit);
    }

    private LedgerAudit.Result audit(InMemoryLedger ledger, List<CheckpointRecord> checkpoints, LedgerAudit.Verification verification) {
        return LedgerAudit.run(LEDGER, ledger, CHECKPOINTS, checkpoints, SIGNER.verifier(), b -> serde.decode(LEDGER, b), false,
                n -> { }, LATER, Duration.ofMinutes(5), verification, null);
    }

    private List<byte[]> encoded(List<LedgerEntry> chain) {
        return chain.stream().map(e -> serde.encode(LEDGER, e)).collect(Collectors.toCollection(ArrayList::new));
    }

    /** Partition p's records at offsets 0.., interleaved in uneven runs as a consumer's polls return them. */
    private static void interleave(InMemoryLedger ledger, List<List<byte[]>> partitions) {
        int[] next = new int[partitions.size()];
        int[] runs = {37, 500, 213};
        for (int turn = 0; ; turn++) {
            boolean any = false;
            for (int p = 0; p < partitions.size(); p++) {
                List<byte[]> values = partitions.get(p);
                int run = runs[(turn + p) % runs.length];
                for (int i = 0; i < run && next[p] < values.size(); i++, next[p]++) {
                    ledger.add(new LedgerRecord(p, next[p], values.get(next[p])));
                    any = true;
                }
            }
            if (!any) {
                return;
            }
        }
    }

    private static Map<Integer, Problem> firstPerPartition(List<Problem> problems) {
        Map<Integer, Problem> first = new LinkedHashMap<>();
        problems.stream().filter(p -> !p.kind().name().startsWith("CHECKPOINT_"))
                .forEach(p -> first.putIfAbsent(p.partition(), p));
        return new java.util.TreeMap<>(first);
    }

    private static List<Problem> ofPartition(List<Problem> problems, int partition) {
        return problems.stream().filter(p -> p.partition() == partition).toList();
    }

    private static Map<Integer, List<Long>> sizes(Map<Integer, List<CheckpointRecord>> verified) {
        Map<Integer, List<Long>> sizes = new java.util.TreeMap<>();
        verified.forEach((p, list) -> sizes.put(p, list.stream().map(r -> r.checkpoint().getTreeSize()).toList()));
        return sizes;
    }

    private static void assertProblem(Problem problem, long offset, ProblemKind kind) {
        assertThat(problem.offset()).as(problem.toString()).isEqualTo(offset);
        assertThat(problem.kind()).as(problem.toString()).isEqualTo(kind);
    }
}
