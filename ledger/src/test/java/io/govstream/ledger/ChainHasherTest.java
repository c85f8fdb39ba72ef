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

    @Test
    void givenNonAsciiStrings_whenHashedAsStringsOrAsStoredUtf8_thenTheHashOfTheDocumentedEncoding() throws Exception {
        LedgerEntry entry = TestFacts.copy(TestFacts.chain(0, 1).get(0));
        entry.getEnvelope().setTenant("Zürich-テナント");
        entry.getEnvelope().setProducer("governance-streams \uD83D\uDE80");
        entry.getEnvelope().setTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        entry.setSubjectKey("c-\u00e9");
        var serde = io.govstream.schemas.serde.AvroSerde.forValue(LedgerEntry.class,
                new io.govstream.schemas.registry.InMemorySchemaRegistryClient());
        org.apache.avro.generic.IndexedRecord asStored = serde.reusingDecoder().decode("ledger", serde.encode("ledger", entry));

        byte[] expected = java.security.MessageDigest.getInstance("SHA-256").digest(documentedEncoding(entry));

        assertThat(ChainHasher.hash(entry)).isEqualTo(expected);
        assertThat(new ChainHasher.Hasher().hash(asStored)).isEqualTo(expected);
        assertThat(ChainHasher.canonicalEncoding(entry)).isEqualTo(documentedEncoding(entry));
    }

    /** The v1 encoding as the class comment documents it, written the plain way. */
    private static byte[] documentedEncoding(LedgerEntry entry) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        io.govstream.events.Envelope envelope = entry.getEnvelope();
        for (String s : new String[] {ChainHasher.DOMAIN_TAG_V1, envelope.getEventId(), envelope.getCorrelationId(),
                envelope.getCausationId(), envelope.getTenant()}) {
            writeString(out, s);
        }
        out.writeLong(envelope.getOccurredAt().toEpochMilli());
        writeString(out, envelope.getProducer());
        out.writeByte(envelope.getTraceparent() == null ? 0 : 1);
        if (envelope.getTraceparent() != null) {
            writeString(out, envelope.getTraceparent());
        }
        out.writeInt(entry.getPartition());
        out.writeLong(entry.getSequence());
        writeString(out, entry.getKind().name());
        writeString(out, entry.getSubjectKey());
        writeString(out, entry.getPayloadType());
        for (ByteBuffer b : new ByteBuffer[] {entry.getPayloadHash(), entry.getPrevHash()}) {
            byte[] value = Bytes.of(b);
            out.writeInt(value.length);
            out.write(value);
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static void writeString(java.io.DataOutputStream out, String value) throws java.io.IOException {
        byte[] utf8 = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    static final String GOLDEN_V1 = "35c9c4fd3fdf40bf77f9d539c44798a55cb0f85f62a0ed088c54ed1e0ad3b528";
}
