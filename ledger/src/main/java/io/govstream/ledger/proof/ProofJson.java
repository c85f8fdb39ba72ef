package io.govstream.ledger.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govstream.events.CheckpointComponent;
import io.govstream.events.CheckpointScope;
import io.govstream.events.Envelope;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.ChainHasher;
import io.govstream.ledger.checkpoint.CheckpointNote;
import io.govstream.ledger.merkle.MerkleHash;
import io.govstream.schemas.Envelopes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of an {@link InclusionProof}, format {@value InclusionProof#FORMAT} (docs/ledger.md
 * describes it field by field):
 * <ul>
 *   <li>bound by hashes and signatures: {@code leaf.canonical} (the exact bytes whose SHA-256 is the entry
 *       hash, {@link ChainHasher}'s encoding), {@code leaf.payload} (the recorded event, Avro binary; its
 *       SHA-256 is the payloadHash inside the canonical bytes), {@code leafIndex}, {@code treeSize},
 *       {@code inclusionPath} (RFC 6962 / 9162, hex) and {@code checkpoint} (the C2SP signed note of the
 *       partition's tree head, with any witness cosignatures);</li>
 *   <li>readable copies for people ({@code ledgerTopic}, {@code partition}, {@code origin}, {@code entry.*},
 *       {@code leafHash}, {@code rootHash}): check-proof recomputes each from the bytes above and rejects
 *       the proof if one disagrees;</li>
 *   <li>{@code hints}: where the entry and checkpoint were read (Kafka offsets). Nothing binds them;
 *       check-proof ignores them.</li>
 * </ul>
 * Hashes are hex, byte strings base64. Documents of the first format ({@value InclusionProof#FORMAT_V1})
 * are still read ({@link ProofChecker}).
 */
public final class ProofJson {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final HexFormat HEX = HexFormat.of();
    /** What {@code hints} says of itself. */
    public static final String HINTS_NOTE = "where the entry and the checkpoint were read; no hash or signature binds these values";

    private ProofJson() {
    }

    /**
     * @throws IllegalArgumentException if the checkpoint carries no signed note (written before notes existed):
     *                                  prove against a later checkpoint
     */
    public static String write(InclusionProof proof) {
        LedgerCheckpoint cp = proof.checkpoint();
        if (cp.getNote() == null) {
            throw new IllegalArgumentException("the checkpoint of size " + cp.getTreeSize() + " of partition " + cp.getPartition()
                    + " carries no signed note (it was written before notes existed): prove the entry against a later checkpoint");
        }
        LedgerEntry entry = proof.entry();
        byte[] canonical = ChainHasher.canonicalEncoding(entry);
        byte[] entryHash = ChainHasher.sha256(canonical);
        ObjectNode root = JSON.createObjectNode();
        root.put("format", InclusionProof.FORMAT);
        root.put("ledgerTopic", proof.ledgerTopic());
        root.put("partition", entry.getPartition());
        root.put("origin", CheckpointNote.origin(cp.getLedgerTopic(), cp.getPartition()));
        root.put("leafIndex", entry.getSequence());
        root.put("treeSize", cp.getTreeSize());
        ObjectNode e = root.putObject("entry");
        entryFields(entry, entryHash).forEach((name, value) -> e.set(name, JSON.valueToTree(value)));
        root.put("leafHash", HEX.formatHex(MerkleHash.leaf(entryHash)));
        root.put("rootHash", HEX.formatHex(Bytes.of(cp.getRootHash())));
        ObjectNode leaf = root.putObject("leaf");
        leaf.put("canonical", Base64.getEncoder().encodeToString(canonical));
        leaf.put("payload", Base64.getEncoder().encodeToString(Bytes.of(entry.getPayload())));
        ArrayNode path = root.putArray("inclusionPath");
        proof.auditPath().forEach(h -> path.add(HEX.formatHex(h)));
        root.put("checkpoint", cp.getNote());
        ObjectNode hints = root.putObject("hints");
        hints.put("unchecked", HINTS_NOTE);
        hints.put("entryOffset", proof.entryOffset());
        hints.put("checkpointOffset", proof.checkpointOffset());
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * The readable copies {@code entry.*} of a proof, in document order: what {@link #write} states and
     * {@link ProofChecker} recomputes. Numbers are {@code Long}, hashes hex, absent values null.
     */
    static Map<String, Object> entryFields(LedgerEntry entry, byte[] entryHash) {
        Envelope envelope = entry.getEnvelope();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("eventId", envelope.getEventId());
        fields.put("correlationId", envelope.getCorrelationId());
        fields.put("causationId", envelope.getCausationId());
        fields.put("tenant", envelope.getTenant());
        fields.put("appendedAt", envelope.getOccurredAt().toString());
        fields.put("producer", envelope.getProducer());
        fields.put("traceparent", envelope.getTraceparent());
        fields.put("partition", (long) entry.getPartition());
        fields.put("sequence", entry.getSequence());
        fields.put("kind", entry.getKind().name());
        fields.put("subjectKey", entry.getSubjectKey());
        fields.put("payloadType", entry.getPayloadType());
        fields.put("payloadHash", HEX.formatHex(Bytes.of(entry.getPayloadHash())));
        fields.put("prevHash", HEX.formatHex(Bytes.of(entry.getPrevHash())));
        fields.put("hash", HEX.formatHex(entryHash));
        return fields;
    }

    /** A checkpoint's signed fields (and note) as JSON, with the offset it was read at. */
    public static ObjectNode checkpoint(LedgerCheckpoint cp, long offset) {
        ObjectNode c = JSON.createObjectNode();
        c.put("scope", cp.getScope().name());
        c.put("ledgerTopic", cp.getLedgerTopic());
        c.put("partition", cp.getPartition());
        c.put("treeSize", cp.getTreeSize());
        c.put("rootHash", HEX.formatHex(Bytes.of(cp.getRootHash())));
        c.put("chainHeadHash", HEX.formatHex(Bytes.of(cp.getChainHeadHash())));
        c.put("lastSequence", cp.getLastSequence());
        ArrayNode components = c.putArray("components");
        for (CheckpointComponent comp : cp.getComponents()) {
            components.addObject().put("partition", comp.getPartition()).put("treeSize", comp.getTreeSize())
                    .put("rootHash", HEX.formatHex(Bytes.of(comp.getRootHash())));
        }
        c.put("issuedAt", cp.getIssuedAt().toEpochMilli());
        c.put("issuedAtUtc", cp.getIssuedAt().toString());
        c.put("keyId", cp.getKeyId());
        c.put("signature", Base64.getEncoder().encodeToString(Bytes.of(cp.getSignature())));
        if (cp.getNote() != null) {
            c.put("note", cp.getNote());
        }
        c.put("offset", offset);
        return c;
    }

    /** A checkpoint from the JSON of {@link #checkpoint}: the signed fields and note, so its signatures can be checked offline. */
    public static LedgerCheckpoint readCheckpoint(JsonNode c) {
        List<CheckpointComponent> components = new ArrayList<>();
        for (JsonNode comp : c.path("components")) {
            components.add(new CheckpointComponent(comp.path("partition").asInt(), comp.path("treeSize").asLong(),
                    ByteBuffer.wrap(hex(text(comp, "rootHash"), "checkpoint.components.rootHash"))));
        }
        Instant issuedAt = Instant.ofEpochMilli(c.path("issuedAt").asLong());
        try {
            return LedgerCheckpoint.newBuilder()
                    // The envelope is not signed; the offline form does not carry it.
                    .setEnvelope(Envelopes.draft(Envelopes.PLACEHOLDER, Envelopes.PLACEHOLDER, issuedAt))
                    .setScope(CheckpointScope.valueOf(text(c, "scope")))
                    .setLedgerTopic(text(c, "ledgerTopic"))
                    .setPartition(c.path("partition").asInt())
                    .setTreeSize(c.path("treeSize").asLong())
                    .setRootHash(ByteBuffer.wrap(hex(text(c, "rootHash"), "checkpoint.rootHash")))
                    .setChainHeadHash(ByteBuffer.wrap(hex(text(c, "chainHeadHash"), "checkpoint.chainHeadHash")))
                    .setLastSequence(c.path("lastSequence").asLong())
                    .setFrontier(List.of())
                    .setComponents(components)
                    .setIssuedAt(issuedAt)
                    .setKeyId(text(c, "keyId"))
                    .setSignature(ByteBuffer.wrap(Base64.getDecoder().decode(text(c, "signature"))))
                    .setNote(c.hasNonNull("note") ? c.get("note").asText() : null)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed checkpoint: " + e.getMessage(), e);
        }
    }

    static JsonNode node(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("missing field " + path);
        }
        return node;
    }

    static String text(JsonNode parent, String field) {
        return node(parent, field, field).asText();
    }

    static byte[] hex(String value, String field) {
        try {
            return HEX.parseHex(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not hex: " + value, e);
        }
    }
}
