package io.govstream.ledger.proof;

import static io.govstream.ledger.checkpoint.CheckpointFixtures.LEDGER;
import static io.govstream.ledger.checkpoint.CheckpointFixtures.SIGNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.BoundedText;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.checkpoint.CheckpointFixtures;
import io.govstream.ledger.checkpoint.CheckpointVerifier;
import io.govstream.ledger.checkpoint.NoteVerifierKey;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A proof document as an auditor receives it, edited the ways a forger would: every readable copy, every
 * bound value. Each edit is rejected, and the reason names what was edited; the unchecked hints change nothing.
 */
class ProofTamperTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<LedgerEntry> CHAIN = CheckpointFixtures.chain(1, 13, "tamper");
    private static final LedgerCheckpoint CHECKPOINT = CheckpointFixtures.signedAt(CHAIN, 13, SIGNER);
    private static final String PROOF = prove(CHAIN.get(5));

    @Test
    void givenTheUntouchedProof_whenChecked_thenItHoldsAndEveryFactComesFromTheVerifiedBytes() {
        ProofChecker.Outcome outcome = ProofChecker.verify(PROOF, SIGNER.verifier(), null);

        assertThat(outcome.problem()).isNull();
        CheckedProof p = outcome.proof();
        assertThat(p.format()).isEqualTo(InclusionProof.FORMAT);
        assertThat(p.entry()).isEqualTo(CHAIN.get(5));
        assertThat(p.leafIndex()).isEqualTo(5);
        assertThat(p.treeSize()).isEqualTo(13);
        assertThat(p.rootHash()).isEqualTo(Bytes.of(CHECKPOINT.getRootHash()));
        assertThat(p.origin()).isEqualTo("govstream/governance.ledger/1");
        assertThat(p.ledgerTopic()).isEqualTo(LEDGER);
        assertThat(p.signedBy()).isEqualTo(SIGNER.noteSigner(LEDGER).verifierKey().id());
    }

    @Test
    void givenOnlyTheLedgersVkey_whenChecked_thenItHoldsWithoutTheTinkKeyset() {
        CheckpointVerifier vkey = CheckpointVerifier.ofNoteKeys(List.of(NoteVerifierKey.parse(SIGNER.noteSigner(LEDGER).verifierKey().vkey())));

        assertThat(ProofChecker.verify(PROOF, vkey, null).problem()).isNull();
    }

    static Stream<Arguments> readableFields() {
        return Stream.of(
                Arguments.of("ledgerTopic", TextNode.valueOf("other.ledger")),
                Arguments.of("partition", IntNode.valueOf(2)),
                Arguments.of("origin", TextNode.valueOf("govstream/governance.ledger/2")),
                Arguments.of("entry.eventId", TextNode.valueOf("decision-tamper-1-6")),
                Arguments.of("entry.correlationId", TextNode.valueOf("tamper-1-6")),
                Arguments.of("entry.causationId", TextNode.valueOf("request-x")),
                Arguments.of("entry.tenant", TextNode.valueOf("globex")),
                Arguments.of("entry.appendedAt", TextNode.valueOf("2026-01-01T00:00:06Z")),
                Arguments.of("entry.producer", TextNode.valueOf("someone")),
                Arguments.of("entry.traceparent", TextNode.valueOf("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")),
                Arguments.of("entry.partition", IntNode.valueOf(0)),
                Arguments.of("entry.sequence", LongNode.valueOf(6)),
                Arguments.of("entry.kind", TextNode.valueOf("POLICY_CHANGE")),
                Arguments.of("entry.subjectKey", TextNode.valueOf("tamper-1-6")),
                Arguments.of("entry.payloadType", TextNode.valueOf("io.govstream.events.SubjectErasure")),
                Arguments.of("entry.payloadHash", TextNode.valueOf("00".repeat(32))),
                Arguments.of("entry.prevHash", TextNode.valueOf("11".repeat(32))),
                Arguments.of("entry.hash", TextNode.valueOf("22".repeat(32))),
                Arguments.of("leafHash", TextNode.valueOf(flipFirstHexDigit(field(PROOF, "leafHash")))),
                Arguments.of("rootHash", TextNode.valueOf(flipFirstHexDigit(field(PROOF, "rootHash")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readableFields")
    void givenAReadableFieldTampered_whenChecked_thenRejectedNamingTheField(String path, JsonNode value) {
        String tampered = edit(PROOF, path, value);

        ProofChecker.Outcome outcome = ProofChecker.verify(tampered, SIGNER.verifier(), null);

        assertThat(outcome.holds()).as(path).isFalse();
        assertThat(outcome.problem()).startsWith(path + " says ").contains("but the verified bytes hold");
    }

    @Test
    void givenTheLeafIndexOrTreeSizeChanged_whenChecked_thenRejectedNamingIt() {
        assertThat(problem(edit(PROOF, "leafIndex", LongNode.valueOf(6)))).isEqualTo("leafIndex says 6 but the entry's sequence is 5");
        assertThat(problem(edit(PROOF, "treeSize", LongNode.valueOf(14)))).isEqualTo("treeSize says 14 but the signed checkpoint states 13");
        assertThat(problem(edit(PROOF, "treeSize", TextNode.valueOf("13")))).isEqualTo("treeSize is not an integer: \"13\"");
    }

    @Test
    void givenAPathElementFlipped_whenChecked_thenThePathNoLongerLeadsToTheSignedRoot() {
        ArrayNode path = (ArrayNode) tree(PROOF).get("inclusionPath");
        for (int i = 0; i < path.size(); i++) {
            ArrayNode flipped = path.deepCopy();
            flipped.set(i, TextNode.valueOf(flipFirstHexDigit(path.get(i).asText())));

            assertThat(problem(edit(PROOF, "inclusionPath", flipped))).as("element " + i)
                    .isEqualTo("the inclusion path does not lead from entry 5 to the signed root of size 13: the entry is not in the ledger as signed");
        }
        ArrayNode shorter = path.deepCopy();
        shorter.remove(shorter.size() - 1);
        assertThat(problem(edit(PROOF, "inclusionPath", shorter))).contains("the inclusion path does not lead");
    }

    @Test
    void givenTheNotesRootSizeOrOriginEdited_whenChecked_thenTheLedgersSignatureOnItFails() {
        String note = field(PROOF, "checkpoint");
        String root = Base64.getEncoder().encodeToString(Bytes.of(CHECKPOINT.getRootHash()));
        byte[] otherRoot = Bytes.of(CHECKPOINT.getRootHash());
        otherRoot[0] ^= 1;

        for (String edited : List.of(
                note.replace(root, Base64.getEncoder().encodeToString(otherRoot)),
                note.replace("\n13\n", "\n14\n"),
                note.replace("governance.ledger/1\n", "governance.ledger/2\n"))) {
            assertThat(edited).isNotEqualTo(note);
            assertThat(problem(edit(PROOF, "checkpoint", TextNode.valueOf(edited))))
                    .startsWith("the checkpoint note is not validly signed by the ledger's key")
                    .endsWith("invalid signature for key " + SIGNER.noteSigner(LEDGER).verifierKey().id());
        }
    }

    @Test
    void givenTheNoteSignatureFlipped_whenChecked_thenInvalidSignature() {
        String note = field(PROOF, "checkpoint");
        int sigStart = note.lastIndexOf(' ') + 1 + 8; // past the key hash: the 6th base64 character onwards is signature
        char c = note.charAt(sigStart);
        String flipped = note.substring(0, sigStart) + (c == 'A' ? 'B' : 'A') + note.substring(sigStart + 1);

        assertThat(problem(edit(PROOF, "checkpoint", TextNode.valueOf(flipped))))
                .endsWith("invalid signature for key " + SIGNER.noteSigner(LEDGER).verifierKey().id());
    }

    @Test
    void givenTheHashedBytesEdited_whenChecked_thenTheEntryIsNotTheOneTheTreeHolds() {
        byte[] canonical = Base64.getDecoder().decode(field(PROOF, "leaf", "canonical"));
        String original = new String(canonical, java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] edited = original.replace("acme", "acmf").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        assertThat(problem(edit(PROOF, "leaf.canonical", TextNode.valueOf(Base64.getEncoder().encodeToString(edited)))))
                .isEqualTo("the inclusion path does not lead from entry 5 to the signed root of size 13: the entry is not in the ledger as signed");
        assertThat(problem(edit(PROOF, "leaf.canonical", TextNode.valueOf(Base64.getEncoder().encodeToString(
                java.util.Arrays.copyOf(canonical, canonical.length - 1))))))
                .startsWith("leaf.canonical is not a govstream-ledger-v1 entry encoding");
    }

    @Test
    void givenTheHashedBytesInAnotherSpellingOrNotBase64_whenChecked_thenRejectedSayingWhichOnce() {
        String canonical = field(PROOF, "leaf", "canonical");
        // The same bytes without their padding: base64 that decodes, but not the canonical spelling.
        String unpadded = canonical.replace("=", "");
        org.junit.jupiter.api.Assumptions.assumeTrue(!unpadded.equals(canonical), "the encoding has padding");

        assertThat(problem(edit(PROOF, "leaf.canonical", TextNode.valueOf(unpadded)))).isEqualTo("leaf.canonical is not canonical base64");
        assertThat(problem(edit(PROOF, "leaf.canonical", TextNode.valueOf("not*base64"))))
                .startsWith("leaf.canonical is not base64: ").doesNotContain("canonical base64");
    }

    @Test
    void givenThePayloadEdited_whenChecked_thenItNoLongerMatchesThePayloadHash() {
        byte[] payload = Base64.getDecoder().decode(field(PROOF, "leaf", "payload"));
        payload[payload.length - 1] ^= 1;

        assertThat(problem(edit(PROOF, "leaf.payload", TextNode.valueOf(Base64.getEncoder().encodeToString(payload)))))
                .isEqualTo("leaf.payload does not match the entry's payloadHash: the payload was altered");
    }

    @Test
    void givenAFieldNoHashBinds_whenAdded_thenRejectedUnlessUnderHints() {
        assertThat(problem(edit(PROOF, "offset", LongNode.valueOf(42)))).startsWith("unknown field offset: no hash or signature binds it");
        assertThat(problem(edit(PROOF, "entry.offset", LongNode.valueOf(42)))).startsWith("unknown field entry.offset");
        assertThat(problem(edit(PROOF, "leaf.schema", TextNode.valueOf("{}")))).startsWith("unknown field leaf.schema");

        String hinted = edit(edit(PROOF, "hints.entryOffset", LongNode.valueOf(999_999)), "hints.whatever", TextNode.valueOf("x"));
        assertThat(ProofChecker.verify(hinted, SIGNER.verifier(), null).problem()).isNull();
    }

    @Test
    void givenAReadableCopyLeftOut_whenChecked_thenItStillHolds() {
        ObjectNode root = tree(PROOF);
        ((ObjectNode) root.get("entry")).remove("tenant");
        root.remove("leafHash");

        assertThat(ProofChecker.verify(root.toString(), SIGNER.verifier(), null).problem()).isNull();
    }

    @Test
    void givenAProofSignedByAnotherLedgerKey_whenChecked_thenTheNoteIsNotSignedByTheTrustedKey() {
        CheckpointVerifier other = io.govstream.ledger.checkpoint.CheckpointSigner.of(
                io.govstream.secrets.SigningKeyFiles.generate()).verifier();

        assertThat(problem(PROOF)).isNull();
        assertThat(ProofChecker.verify(PROOF, other, null).problem())
                .startsWith("the checkpoint note is not validly signed by the ledger's key").endsWith("note has no verifiable signatures");
    }

    @Test
    void givenACosignedCheckpoint_whenCheckedWithWitnessKeys_thenTheQuorumIsCountedAndAForgedCosignatureDoesNotCount() {
        io.govstream.ledger.checkpoint.NoteSigner alice = io.govstream.ledger.checkpoint.NoteSigner.generate("alice.example/witness");
        io.govstream.ledger.checkpoint.NoteSigner bob = io.govstream.ledger.checkpoint.NoteSigner.generate("bob.example/witness");
        io.govstream.ledger.checkpoint.SignedNote note = io.govstream.ledger.checkpoint.SignedNote.parse(field(PROOF, "checkpoint"));
        String cosigned = note.with(alice.cosign(note.text(), 1_767_225_600L)).format();
        String document = edit(PROOF, "checkpoint", TextNode.valueOf(cosigned));
        io.govstream.ledger.checkpoint.WitnessPolicy aliceOnly = new io.govstream.ledger.checkpoint.WitnessPolicy(List.of(alice.cosignatureKey()), 1);
        io.govstream.ledger.checkpoint.WitnessPolicy both = new io.govstream.ledger.checkpoint.WitnessPolicy(
                List.of(alice.cosignatureKey(), bob.cosignatureKey()), 2);

        ProofChecker.Outcome met = ProofChecker.verify(document, SIGNER.verifier(), aliceOnly);
        assertThat(met.problem()).isNull();
        assertThat(met.proof().cosignedBy()).containsExactly(alice.cosignatureKey());
        assertThat(ProofChecker.verify(document, SIGNER.verifier(), both).problem())
                .isEqualTo("the checkpoint is cosigned by 1 of the 2 trusted witnesses (alice.example/witness), quorum 2");
        assertThat(ProofChecker.verify(PROOF, SIGNER.verifier(), aliceOnly).problem())
                .isEqualTo("the checkpoint is cosigned by 0 of the 1 trusted witnesses, quorum 1");
        // A character inside the signature, where every base64 digit carries six bits: the line stays well-formed
        // (the last digit before the padding carries only four, and flipping it could make the base64 non-canonical).
        int at = cosigned.length() - 12;
        String forgedLine = cosigned.substring(0, at) + (cosigned.charAt(at) == 'A' ? "B" : "A") + cosigned.substring(at + 1);
        assertThat(ProofChecker.verify(edit(PROOF, "checkpoint", TextNode.valueOf(forgedLine)), SIGNER.verifier(), aliceOnly).problem())
                .startsWith("the checkpoint is cosigned by 0 of the 1 trusted witnesses, quorum 1; witness alice.example/witness+")
                .endsWith("its cosignature does not verify");
    }

    private static String problem(String document) {
        return ProofChecker.verify(document, SIGNER.verifier(), null).problem();
    }

    @Test
    void givenAProofFile_whenRead_thenItsDocumentHolds(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("proof.json"), PROOF);

        assertThat(ProofChecker.verify(BoundedText.read(file, "proof file"), SIGNER.verifier(), null).holds()).isTrue();
    }

    @Test
    void givenAFileFarLargerThanAnyProof_whenRead_thenRefusedAfterReadingNoMoreThanTheLimit(@TempDir Path dir) throws IOException {
        Path huge = dir.resolve("huge.json");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(4L << 30); // sparse: 4 GiB claimed, nothing written
        }

        assertThatThrownBy(() -> BoundedText.read(huge, "proof file")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("proof file " + huge + " is larger than 64 MiB, more than any proof file of a govstream ledger holds");
        assertThatThrownBy(() -> BoundedText.read(Path.of("/dev/zero"), "proof file")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("proof file /dev/zero is larger than 64 MiB");
    }

    private static String prove(LedgerEntry entry) {
        LedgerProver prover = new LedgerProver(1);
        CHAIN.forEach(prover::accept);
        return ProofJson.write(prover.prove(LEDGER, entry, 77, CHECKPOINT, 3));
    }

    static ObjectNode tree(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String field(String json, String... path) {
        JsonNode node = tree(json);
        for (String p : path) {
            node = node.get(p);
        }
        return node.asText();
    }

    /** The document with {@code value} at a dotted path (objects only). */
    static String edit(String json, String path, JsonNode value) {
        ObjectNode root = tree(json);
        String[] parts = path.split("\\.");
        ObjectNode parent = root;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = (ObjectNode) parent.get(parts[i]);
        }
        parent.set(parts[parts.length - 1], value);
        return root.toString();
    }

    static String flipFirstHexDigit(String hex) {
        return (hex.charAt(0) == '0' ? '1' : '0') + hex.substring(1);
    }
}
