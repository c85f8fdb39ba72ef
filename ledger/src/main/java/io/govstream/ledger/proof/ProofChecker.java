package io.govstream.ledger.proof;

import io.govstream.schemas.serde.AvroLimits;
import com.fasterxml.jackson.databind.JsonNode;
import io.govstream.events.CheckpointScope;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.ChainHasher;
import io.govstream.ledger.checkpoint.CheckpointNote;
import io.govstream.ledger.checkpoint.CheckpointVerifier;
import io.govstream.ledger.checkpoint.SignedNote;
import io.govstream.ledger.checkpoint.WitnessPolicy;
import io.govstream.ledger.merkle.MerkleHash;
import io.govstream.ledger.merkle.MerkleProofs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Checks a proof document offline, with no cluster: only the ledger's public keyset or its verifier
 * key (vkey), and optionally trusted witness keys. Pure.
 *
 * <p>Every value it returns is derived from bytes that a hash or a signature binds: the entry from the
 * hashed bytes, the tree head from the signed checkpoint. Each readable copy in the document is
 * recomputed and must agree, or the proof is rejected naming the field; {@code hints} are ignored.
 */
public final class ProofChecker {
    static {
        AvroLimits.ensure(); // before anything here decodes Avro data
    }

    private static final HexFormat HEX = HexFormat.of();
    private static final Set<String> V2_FIELDS = Set.of("format", "ledgerTopic", "partition", "origin", "leafIndex", "treeSize",
            "entry", "leafHash", "rootHash", "leaf", "inclusionPath", "checkpoint", "hints");
    private static final Set<String> V2_LEAF_FIELDS = Set.of("canonical", "payload");

    /** A check's outcome: the proven facts, or why the proof does not hold. */
    public record Outcome(CheckedProof proof, String problem) {
        public boolean holds() {
            return problem == null;
        }
    }

    private ProofChecker() {
    }

    /** Checks a proof as it would be written (the document {@link ProofJson#write} makes); empty if it holds. */
    public static Optional<String> check(InclusionProof proof, CheckpointVerifier keys) {
        String document;
        try {
            document = ProofJson.write(proof);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.ofNullable(verify(document, keys, null).problem());
    }

    /**
     * Checks a proof document of either format.
     *
     * @param keys      the ledger's keys (a public keyset, or verifier keys for v2 documents)
     * @param witnesses trusted witnesses and quorum the checkpoint must be cosigned by; null for none
     */
    public static Outcome verify(String document, CheckpointVerifier keys, WitnessPolicy witnesses) {
        JsonNode root;
        try {
            root = ProofJson.JSON.readTree(document);
        } catch (IOException e) {
            return fail("not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return fail("not a JSON object");
        }
        String format = root.path("format").asText("");
        try {
            if (InclusionProof.FORMAT.equals(format)) {
                return v2(root, keys, witnesses);
            }
            if (InclusionProof.FORMAT_V1.equals(format)) {
                if (witnesses != null) {
                    return fail("a " + InclusionProof.FORMAT_V1 + " proof carries no cosignatures: it cannot meet a witness quorum");
                }
                return v1(root, keys);
            }
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        return fail("not a proof document: format '" + format + "' is neither " + InclusionProof.FORMAT + " nor " + InclusionProof.FORMAT_V1);
    }

    private static Outcome v2(JsonNode root, CheckpointVerifier keys, WitnessPolicy witnesses) {
        for (var field : root.properties()) {
            if (!V2_FIELDS.contains(field.getKey())) {
                return fail("unknown field " + field.getKey() + ": no hash or signature binds it (unchecked data goes under hints)");
            }
        }
        JsonNode leafNode = ProofJson.node(root, "leaf", "leaf");
        for (var field : leafNode.properties()) {
            if (!V2_LEAF_FIELDS.contains(field.getKey())) {
                return fail("unknown field leaf." + field.getKey() + ": no hash or signature binds it");
            }
        }
        if (root.has("hints") && !root.get("hints").isObject()) {
            return fail("hints is not an object");
        }
        byte[] canonical = base64(ProofJson.node(leafNode, "canonical", "leaf.canonical"), "leaf.canonical");
        byte[] payload = base64(ProofJson.node(leafNode, "payload", "leaf.payload"), "leaf.payload");
        LedgerEntry entry;
        try {
            entry = CanonicalEntry.decode(canonical, payload);
        } catch (IllegalArgumentException e) {
            return fail("leaf.canonical is not a " + ChainHasher.DOMAIN_TAG_V1 + " entry encoding: " + e.getMessage());
        }
        if (!Arrays.equals(ChainHasher.sha256(payload), Bytes.of(entry.getPayloadHash()))) {
            return fail("leaf.payload does not match the entry's payloadHash: the payload was altered");
        }
        byte[] entryHash = Bytes.of(entry.getHash());
        byte[] leafHash = MerkleHash.leaf(entryHash);

        String noteText = requireText(ProofJson.node(root, "checkpoint", "checkpoint"), "checkpoint");
        SignedNote note;
        CheckpointNote body;
        try {
            note = SignedNote.parse(noteText);
            body = CheckpointNote.parse(note.text());
        } catch (IllegalArgumentException e) {
            return fail("checkpoint is not a signed checkpoint note: " + e.getMessage());
        }
        CheckpointNote.Partition origin = CheckpointNote.partitionOf(body.origin());
        if (origin == null) {
            return fail("the checkpoint's origin '" + body.origin() + "' is not a ledger partition (govstream/<ledger topic>/<partition>)");
        }
        List<io.govstream.ledger.checkpoint.NoteVerifierKey> signedBy;
        try {
            signedBy = keys.signers(note, origin.ledgerTopic());
        } catch (CheckpointVerifier.NotSigned e) {
            return fail("the checkpoint note " + e.getMessage());
        }
        if (!body.extensions().isEmpty()) {
            return fail("the checkpoint note has extension lines, which the ledger never writes");
        }
        if (entry.getPartition() != origin.partition()) {
            return fail("the entry is in partition " + entry.getPartition() + ", the checkpoint's origin " + body.origin() + " names partition "
                    + origin.partition());
        }
        long leafIndex = requireLong(root, "leafIndex");
        long treeSize = requireLong(root, "treeSize");
        if (treeSize != body.treeSize()) {
            return fail("treeSize says " + treeSize + " but the signed checkpoint states " + body.treeSize());
        }
        if (leafIndex != entry.getSequence()) {
            return fail("leafIndex says " + leafIndex + " but the entry's sequence is " + entry.getSequence());
        }
        if (leafIndex >= treeSize) {
            return fail("entry " + leafIndex + " is not covered by a checkpoint of size " + treeSize);
        }
        List<byte[]> path = new ArrayList<>();
        JsonNode pathNode = ProofJson.node(root, "inclusionPath", "inclusionPath");
        if (!pathNode.isArray()) {
            return fail("inclusionPath is not an array");
        }
        for (JsonNode h : pathNode) {
            path.add(ProofJson.hex(h.asText(), "inclusionPath"));
        }
        if (!MerkleProofs.verifyInclusion(leafIndex, treeSize, leafHash, path, body.rootHash())) {
            return fail("the inclusion path does not lead from entry " + leafIndex + " to the signed root of size " + treeSize
                    + ": the entry is not in the ledger as signed");
        }
        // The readable copies: each must say what the verified bytes say.
        JsonNode e = root.path("entry");
        if (!e.isMissingNode() && !e.isObject()) {
            return fail("entry is not an object");
        }
        List<String> mismatches = new ArrayList<>(Arrays.asList(
                same(root, "ledgerTopic", "ledgerTopic", origin.ledgerTopic()),
                same(root, "partition", "partition", (long) origin.partition()),
                same(root, "origin", "origin", body.origin())));
        Map<String, Object> fields = ProofJson.entryFields(entry, entryHash);
        fields.forEach((name, derived) -> mismatches.add(same(e, name, "entry." + name, derived)));
        mismatches.add(same(root, "leafHash", "leafHash", HEX.formatHex(leafHash)));
        mismatches.add(same(root, "rootHash", "rootHash", HEX.formatHex(body.rootHash())));
        String mismatch = firstMismatch(mismatches);
        if (mismatch != null) {
            return fail(mismatch);
        }
        for (var field : e.properties()) {
            if (!fields.containsKey(field.getKey())) {
                return fail("unknown field entry." + field.getKey() + ": no hash or signature binds it");
            }
        }
        List<io.govstream.ledger.checkpoint.NoteVerifierKey> cosigners = List.of();
        if (witnesses != null) {
            WitnessPolicy.Cosigned cosigned = witnesses.cosigners(note);
            if (!witnesses.met(cosigned)) {
                return fail("the checkpoint is " + witnesses.describe(cosigned)
                        + (cosigned.invalid().isEmpty() ? "" : "; " + String.join("; ", cosigned.invalid())));
            }
            cosigners = cosigned.verified();
        }
        return new Outcome(new CheckedProof(InclusionProof.FORMAT, origin.ledgerTopic(), entry, leafIndex, treeSize, body.rootHash(),
                signedBy.get(0).id(), null, body.origin(), cosigners), null);
    }

    /** The first format: the entry as Avro, the checkpoint's Tink-signed fields. */
    private static Outcome v1(JsonNode root, CheckpointVerifier keys) {
        JsonNode e = ProofJson.node(root, "entry", "entry");
        LedgerEntry entry;
        try {
            byte[] avro = Base64.getDecoder().decode(ProofJson.text(e, "avro"));
            entry = new SpecificDatumReader<>(LedgerEntry.class).read(null, DecoderFactory.get().binaryDecoder(avro, null));
        } catch (IOException | RuntimeException ex) {
            return fail("entry.avro is not a LedgerEntry: " + ex.getMessage());
        }
        LedgerCheckpoint cp;
        try {
            cp = ProofJson.readCheckpoint(ProofJson.node(root, "checkpoint", "checkpoint"));
        } catch (RuntimeException ex) {
            return fail(ex.getMessage());
        }
        byte[] hash = Bytes.of(entry.getHash());
        if (!Arrays.equals(ChainHasher.hash(entry), hash)) {
            return fail("the entry's content does not match its hash: the entry was altered");
        }
        if (!Arrays.equals(ChainHasher.sha256(Bytes.of(entry.getPayload())), Bytes.of(entry.getPayloadHash()))) {
            return fail("the entry's payload does not match its payloadHash: the payload was altered");
        }
        Optional<String> signature = keys.check(cp);
        if (signature.isPresent()) {
            return fail("checkpoint " + signature.get());
        }
        if (cp.getScope() != CheckpointScope.PARTITION || cp.getPartition() != entry.getPartition()) {
            return fail("the checkpoint is for partition " + cp.getPartition() + ", the entry in partition " + entry.getPartition());
        }
        if (entry.getSequence() >= cp.getTreeSize()) {
            return fail("entry " + entry.getSequence() + " is not covered by a checkpoint of size " + cp.getTreeSize());
        }
        List<byte[]> path = new ArrayList<>();
        for (JsonNode h : ProofJson.node(root, "auditPath", "auditPath")) {
            path.add(ProofJson.hex(h.asText(), "auditPath"));
        }
        if (!MerkleProofs.verifyInclusion(entry.getSequence(), cp.getTreeSize(), MerkleHash.leaf(hash), path, Bytes.of(cp.getRootHash()))) {
            return fail("the audit path does not lead from entry " + entry.getSequence() + " to the signed root of size "
                    + cp.getTreeSize() + ": the entry is not in the ledger as signed");
        }
        JsonNode c = root.path("checkpoint");
        String mismatch = firstMismatch(Arrays.asList(
                same(root, "ledgerTopic", "ledgerTopic", cp.getLedgerTopic()),
                same(e, "partition", "entry.partition", (long) entry.getPartition()),
                same(e, "sequence", "entry.sequence", entry.getSequence()),
                same(root, "leafIndex", "leafIndex", entry.getSequence()),
                same(e, "correlationId", "entry.correlationId", entry.getEnvelope().getCorrelationId()),
                same(e, "tenant", "entry.tenant", entry.getEnvelope().getTenant()),
                same(e, "kind", "entry.kind", entry.getKind().name()),
                same(e, "subjectKey", "entry.subjectKey", entry.getSubjectKey()),
                same(e, "payloadType", "entry.payloadType", entry.getPayloadType()),
                same(e, "appendedAt", "entry.appendedAt", entry.getEnvelope().getOccurredAt().toString()),
                same(e, "hash", "entry.hash", HEX.formatHex(hash)),
                same(root, "leafHash", "leafHash", HEX.formatHex(MerkleHash.leaf(hash))),
                same(root, "treeSize", "treeSize", cp.getTreeSize()),
                same(root, "keyId", "keyId", cp.getKeyId()),
                same(c, "issuedAtUtc", "checkpoint.issuedAtUtc", cp.getIssuedAt().toString())));
        if (mismatch != null) {
            return fail(mismatch);
        }
        return new Outcome(new CheckedProof(InclusionProof.FORMAT_V1, cp.getLedgerTopic(), entry, entry.getSequence(), cp.getTreeSize(),
                Bytes.of(cp.getRootHash()), cp.getKeyId(), cp.getIssuedAt(), null, List.of()), null);
    }

    /** Null if {@code parent.field} is absent or says {@code derived}; else the mismatch, naming {@code path}. */
    private static String same(JsonNode parent, String field, String path, Object derived) {
        JsonNode node = parent.get(field);
        if (node == null) {
            return null; // a readable copy may be left out; then it cannot mislead
        }
        boolean agrees;
        if (derived == null) {
            agrees = node.isNull();
        } else if (derived instanceof Long number) {
            agrees = node.isIntegralNumber() && node.canConvertToLong() && node.asLong() == number;
        } else {
            agrees = node.isTextual() && node.asText().equals(derived);
        }
        return agrees ? null : path + " says " + node + " but the verified bytes hold " + (derived instanceof String ? "\"" + derived + "\"" : derived);
    }

    private static String firstMismatch(List<String> mismatches) {
        return mismatches.stream().filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static String requireText(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException(field + " is not a string");
        }
        return node.asText();
    }

    private static long requireLong(JsonNode parent, String field) {
        JsonNode node = ProofJson.node(parent, field, field);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new IllegalArgumentException(field + " is not an integer: " + node);
        }
        return node.asLong();
    }

    private static byte[] base64(JsonNode node, String field) {
        String text = requireText(node, field);
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not base64: " + e.getMessage(), e);
        }
        if (!Base64.getEncoder().encodeToString(decoded).equals(text)) {
            throw new IllegalArgumentException(field + " is not canonical base64");
        }
        return decoded;
    }

    private static Outcome fail(String problem) {
        return new Outcome(null, problem);
    }
}
