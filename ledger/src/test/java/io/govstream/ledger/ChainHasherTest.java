package io.govstream.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.LedgerEntry;
import io.govstream.events.LedgerEntryKind;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChainHasherTest {

    @Test
    void givenAnEntry_whenHashed_thenItsOwnHashFieldIsIgnored() {
        LedgerEntry entry = TestFacts.chain(0, 1).get(0);
        LedgerEntry other = TestFacts.copy(entry);
        other.setHash(ByteBuffer.wrap(new byte[32]));

        assertThat(ChainHasher.hash(other)).isEqualTo(ChainHasher.hash(entry));
    }

    @Test
    void givenAnEntry_whenAnyChainedFieldChanges_thenTheHashChanges() {
        LedgerEntry entry = TestFacts.chain(0, 1).get(0);
        byte[] original = ChainHasher.hash(entry);

        LedgerEntry seq = TestFacts.copy(entry);
        seq.setSequence(1);
        LedgerEntry kind = TestFacts.copy(entry);
        kind.setKind(LedgerEntryKind.STATE_CHANGE);
        LedgerEntry tenant = TestFacts.copy(entry);
        tenant.getEnvelope().setTenant("other");
        LedgerEntry trace = TestFacts.copy(entry);
        trace.getEnvelope().setTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        LedgerEntry prev = TestFacts.copy(entry);
        prev.setPrevHash(ByteBuffer.wrap(ChainHasher.sha256(new byte[0])));

        for (LedgerEntry changed : new LedgerEntry[] {seq, kind, tenant, trace, prev}) {
            assertThat(ChainHasher.hash(changed)).isNotEqualTo(original);
        }
    }

    @Test
    void givenTheV1Encoding_whenEncoded_thenItStartsWithTheLengthPrefixedDomainTag() {
        byte[] encoding = ChainHasher.canonicalEncoding(TestFacts.chain(0, 1).get(0));

        byte[] tag = ChainHasher.DOMAIN_TAG_V1.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ByteBuffer.wrap(encoding).getInt()).isEqualTo(tag.length);
        assertThat(java.util.Arrays.copyOfRange(encoding, 4, 4 + tag.length)).isEqualTo(tag);
    }

    @Test
    void givenAFixedEntry_whenHashed_thenTheV1HashNeverChanges() {
        // Golden vector: if this fails, the canonical encoding changed and every stored ledger would fail verification.
        // Its payload is the decision as written before GovernanceDecision gained requestPayload, requestAttributes,
        // escalatedUnderVersion, escalatedUnderHash (four empty strings appended = four zero bytes), provenance (an empty
        // string: one zero byte), claims (the string "{}": length 2 as zig-zag 4, then '{' '}') and approvers (an empty
        // array: one zero byte), so the vector tests the chain encoding, not the payload schema.
        LedgerFact current = LedgerFact.decision(TestFacts.decision("c-3-0", io.govstream.events.Effect.PERMIT));
        byte[] payload = current.payload();
        byte[] appended = {0, 0, 0, 0, 0, 4, '{', '}', 0};
        assertThat(java.util.Arrays.copyOfRange(payload, payload.length - appended.length, payload.length)).containsExactly(appended);
        LedgerFact asWritten = new LedgerFact(current.envelope(), current.kind(), current.subjectKey(), current.payloadType(),
                java.util.Arrays.copyOf(payload, payload.length - appended.length));
        LedgerEntry entry = new LedgerChain("test").next(ChainHead.genesis(3), asWritten, TestFacts.T0);

        assertThat(HexFormat.of().formatHex(ChainHasher.hash(entry))).isEqualTo(GOLDEN_V1);
    }

    @Test
    void givenStringFieldsThatConcatenateAlike_whenHashed_thenLengthPrefixesKeepThemApart() {
        LedgerEntry a = TestFacts.chain(0, 1).get(0);
        LedgerEntry b = TestFacts.copy(a);
        a.setSubjectKey("ab");
        a.setPayloadType("c");
        b.setSubjectKey("a");
        b.setPayloadType("bc");

        assertThat(ChainHasher.hash(a)).isNotEqualTo(ChainHasher.hash(b));
    }

    static final String GOLDEN_V1 = "35c9c4fd3fdf40bf77f9d539c44798a55cb0f85f62a0ed088c54ed1e0ad3b528";
}
