package io.govstream.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.Effect;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.events.LedgerEntryKind;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerChainTest {

    @Test
    void givenAnEmptyChain_whenADecisionIsAppended_thenItIsSequenceZeroLinkedToGenesis() {
        GovernanceDecision decision = TestFacts.decision("c-1", Effect.DENY);

        LedgerEntry entry = new LedgerChain("governance-streams").next(ChainHead.genesis(2), LedgerFact.decision(decision), TestFacts.T0);

        assertThat(entry.getPartition()).isEqualTo(2);
        assertThat(entry.getSequence()).isZero();
        assertThat(entry.getKind()).isEqualTo(LedgerEntryKind.DECISION);
        assertThat(entry.getSubjectKey()).isEqualTo("c-1");
        assertThat(entry.getPayloadType()).isEqualTo("io.govstream.events.GovernanceDecision");
        assertThat(Bytes.of(entry.getPrevHash())).isEqualTo(new byte[32]);
        assertThat(Bytes.of(entry.getPayloadHash())).isEqualTo(ChainHasher.sha256(Bytes.of(entry.getPayload())));
        assertThat(Bytes.of(entry.getHash())).isEqualTo(ChainHasher.hash(entry));
        assertThat(entry.getEnvelope().getCorrelationId()).isEqualTo("c-1");
        assertThat(entry.getEnvelope().getCausationId()).isEqualTo(decision.getEnvelope().getEventId());
    }

    @Test
    void givenAChain_whenMoreEntriesAreAppended_thenEachLinksToThePreviousHash() {
        List<LedgerEntry> entries = TestFacts.chain(0, 3);

        assertThat(entries).extracting(LedgerEntry::getSequence).containsExactly(0L, 1L, 2L);
        assertThat(entries.get(1).getPrevHash()).isEqualTo(entries.get(0).getHash());
        assertThat(entries.get(2).getPrevHash()).isEqualTo(entries.get(1).getHash());
        assertThat(ChainHead.after(entries.get(2))).isEqualTo(new ChainHead(0, 3, Bytes.of(entries.get(2).getHash())));
    }

    @Test
    void givenTheSameFactTwice_whenRecorded_thenTheEntryIdIsTheSame() {
        LedgerFact fact = LedgerFact.decision(TestFacts.decision("c-1", Effect.PERMIT));
        LedgerChain chain = new LedgerChain("governance-streams");

        LedgerEntry first = chain.next(ChainHead.genesis(0), fact, TestFacts.T0);
        LedgerEntry again = chain.next(ChainHead.genesis(0), fact, TestFacts.T0);

        assertThat(again.getEnvelope().getEventId()).isEqualTo(first.getEnvelope().getEventId());
        assertThat(again.getHash()).isEqualTo(first.getHash());
    }

    @Test
    void givenAChainHead_whenStoredAndRestored_thenItIsUnchanged() {
        ChainHead head = ChainHead.after(TestFacts.chain(1, 2).get(1));
        LedgerHeadSerde serde = new LedgerHeadSerde();

        ChainHead restored = serde.deserializer().deserialize("t", serde.serializer().serialize("t", new LedgerHead(head, null))).chain();

        assertThat(restored).isEqualTo(head);
        assertThat(ByteBuffer.wrap(restored.lastHash())).isEqualTo(TestFacts.chain(1, 2).get(1).getHash());
    }
}
