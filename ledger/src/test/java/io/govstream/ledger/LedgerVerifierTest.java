package io.govstream.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.LedgerEntry;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerVerifierTest {
    private static final String TOPIC = "governance.ledger";
    private final AvroSerde<LedgerEntry> serde = AvroSerde.forValue(LedgerEntry.class, new InMemorySchemaRegistryClient());
    private final LedgerVerifier verifier = new LedgerVerifier(bytes -> serde.decode(TOPIC, bytes));

    @Test
    void givenIntactChainsOnTwoPartitions_whenVerified_thenCleanWithEveryHead() {
        List<LedgerEntry> p0 = TestFacts.chain(0, 3);
        List<LedgerEntry> p1 = TestFacts.chain(1, 2);
        feed(0, p0);
        feed(1, p1);

        VerificationReport report = verifier.report();

        assertThat(report.isClean()).as(report.toString()).isTrue();
        assertThat(report.entriesChecked()).isEqualTo(5);
        assertThat(report.partitions().get(0).head()).isEqualTo(ChainHead.after(p0.get(2)));
        assertThat(report.partitions().get(1).head().nextSequence()).isEqualTo(2);
    }

    @Test
    void givenAnEntryWhoseFieldWasChanged_whenVerified_thenModifiedAtItsOffsetOnly() {
        List<LedgerEntry> chain = TestFacts.chain(0, 3);
        chain.get(1).setSubjectKey("someone-else");
        feed(0, chain);

        assertThat(verifier.report().problems()).singleElement()
                .satisfies(p -> assertProblem(p, 0, 1, ProblemKind.MODIFIED));
    }

    @Test
    void givenAnEntryWhosePayloadWasChanged_whenVerified_thenModified() {
        List<LedgerEntry> chain = TestFacts.chain(0, 3);
        chain.get(2).setPayload(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        feed(0, chain);

        assertThat(verifier.report().problems()).singleElement()
                .satisfies(p -> assertProblem(p, 0, 2, ProblemKind.MODIFIED))
                .satisfies(p -> assertThat(p.message()).contains("payload"));
    }

    @Test
    void givenARemovedEntry_whenVerified_thenMissingNamesTheSequence() {
        List<LedgerEntry> chain = TestFacts.chain(0, 4);
        verifier.accept(0, 0, chain.get(0));
        verifier.accept(0, 1, chain.get(2));
        verifier.accept(0, 2, chain.get(3));

        assertThat(verifier.report().problems()).singleElement()
                .satisfies(p -> assertProblem(p, 0, 1, ProblemKind.MISSING))
                .satisfies(p -> assertThat(p.message()).contains("sequence 1 missing"));
    }

    @Test
    void givenAReplayedEntry_whenVerified_thenReorderedOrDuplicate() {
        List<LedgerEntry> chain = TestFacts.chain(0, 3);
        verifier.accept(0, 0, chain.get(0));
        verifier.accept(0, 1, chain.get(1));
        verifier.accept(0, 2, chain.get(1));
        verifier.accept(0, 3, chain.get(2));

        assertThat(verifier.report().problems()).singleElement()
                .satisfies(p -> assertProblem(p, 0, 2, ProblemKind.REORDERED_OR_DUPLICATE));
    }

    @Test
    void givenAWellFormedEntryThatDoesNotLink_whenVerified_thenInjectedAndTheGenuineSuccessorStillVerifies() {
        List<LedgerEntry> chain = TestFacts.chain(0, 3);
        LedgerEntry forged = TestFacts.copy(chain.get(2));
        forged.setPrevHash(ByteBuffer.wrap(ChainHasher.sha256("forged".getBytes())));
        forged.setHash(ByteBuffer.wrap(ChainHasher.hash(forged)));
        verifier.accept(0, 0, chain.get(0));
        verifier.accept(0, 1, chain.get(1));
        verifier.accept(0, 2, forged);
        verifier.accept(0, 3, chain.get(2));

        assertThat(verifier.report().problems()).singleElement()
                .satisfies(p -> assertProblem(p, 0, 2, ProblemKind.INJECTED));
        assertThat(verifier.report().partitions().get(0).head()).isEqualTo(ChainHead.after(chain.get(2)));
    }

    @Test
    void givenBytesThatAreNoLedgerEntry_whenVerified_thenUndecodableAndTheChainGoesOn() {
        List<LedgerEntry> chain = TestFacts.chain(0, 2);
        verifier.accept(0, 0, serde.encode(TOPIC, chain.get(0)));
        verifier.accept(0, 1, "not avro".getBytes());
        verifier.accept(0, 2, serde.encode(TOPIC, chain.get(1)));

        assertThat(verifier.report().problems()).singleElement()
                .satisfies(p -> assertProblem(p, 0, 1, ProblemKind.UNDECODABLE));
        assertThat(verifier.report().entriesChecked()).isEqualTo(3);
    }

    @Test
    void givenAnEntryOfAnotherPartitionsChain_whenVerified_thenWrongPartition() {
        verifier.accept(0, 0, TestFacts.chain(0, 1).get(0));
        verifier.accept(0, 1, TestFacts.chain(1, 1).get(0));

        assertThat(verifier.report().problems()).singleElement()
                .satisfies(p -> assertProblem(p, 0, 1, ProblemKind.WRONG_PARTITION));
    }

    @Test
    void givenAnInMemoryReplay_whenVerified_thenProgressCountsEveryRecord() {
        InMemoryLedger ledger = new InMemoryLedger();
        List<LedgerEntry> chain = TestFacts.chain(0, 3);
        for (int i = 0; i < chain.size(); i++) {
            ledger.add(new LedgerRecord(0, i, serde.encode(TOPIC, chain.get(i))));
        }
        long[] progress = {0};

        LedgerVerifier verifier = new LedgerVerifier(bytes -> serde.decode(TOPIC, bytes));
        ledger.replayFromStart(r -> {
            verifier.accept(r);
            progress[0]++;
        });
        VerificationReport report = verifier.report();

        assertThat(report.isClean()).isTrue();
        assertThat(progress[0]).isEqualTo(3);
    }

    private void feed(int partition, List<LedgerEntry> entries) {
        for (int i = 0; i < entries.size(); i++) {
            verifier.accept(partition, i, entries.get(i));
        }
    }

    private static void assertProblem(Problem problem, int partition, long offset, ProblemKind kind) {
        assertThat(problem.partition()).as(problem.toString()).isEqualTo(partition);
        assertThat(problem.offset()).as(problem.toString()).isEqualTo(offset);
        assertThat(problem.kind()).as(problem.toString()).isEqualTo(kind);
    }
}
