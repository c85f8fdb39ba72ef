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
import io.govstream.ledger.LedgerFact;
import io.govstream.ledger.merkle.MerkleHash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * The JSON form of an {@link InclusionProof}: readable fields for people, and the entry as
 * plain Avro binary (base64, schema {@code io.govstream.events.LedgerEntry}) so a checker
 * recomputes its hash from its content. Hashes are hex, the signature base64.
 */
public final class ProofJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final HexFormat HEX = HexFormat.of();

    private ProofJson() {
    }

    public static String write(InclusionProof proof) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", InclusionProof.FORMAT);
        root.put("ledgerTopic", proof.ledgerTopic());
        LedgerEntry entry = proof.entry();
        ObjectNode e = root.putObject("entry");
        e.put("partition", entry.getPartition());
        e.put("sequence", entry.getSequence());
        e.put("offset", proof.entryOffset());
        e.put("correlationId", entry.getEnvelope().getCorrelationId());
        e.put("tenant", entry.getEnvelope().getTenant());
        e.put("kind", entry.getKind().name());
        e.put("subjectKey", entry.getSubjectKey());
        e.put("payloadType", entry.getPayloadType());
        e.put("appendedAt", entry.getEnvelope().getOccurredAt().toString());
        e.put("hash", HEX.formatHex(Bytes.of(entry.getHash())));
        e.put("avro", Base64.getEncoder().encodeToString(LedgerFact.avroBinary(entry)));
        root.put("leafIndex", proof.leafIndex());
        root.put("leafHash", HEX.formatHex(MerkleHash.leaf(Bytes.of(entry.getHash()))));
        root.put("treeSize", proof.treeSize());
        ArrayNode path = root.putArray("auditPath");
        proof.auditPath().forEach(h -> path.add(HEX.formatHex(h)));
        root.set("checkpoint", checkpoint(proof.checkpoint(), proof.checkpointOffset()));
        root.put("keyId", proof.checkpoint().getKeyId());
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e1) {
            throw new IllegalStateException(e1);
        }
    }

    /** A checkpoint's signed fields as JSON. */
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
        c.put("offset", offset);
        return c;
    }

    /**
     * Parses a proof document.
     *
     * @throws IllegalArgumentException naming what is missing or malformed
     */
    public static InclusionProof read(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (!InclusionProof.FORMAT.equals(text(root, "format"))) {
            throw new IllegalArgumentException("not a " + InclusionProof.FORMAT + " document");
        }
        JsonNode e = node(root, "entry");
        LedgerEntry entry;
        try {
            byte[] avro = Base64.getDecoder().decode(text(e, "avro"));
            entry = new SpecificDatumReader<>(LedgerEntry.class).read(null, DecoderFactory.get().binaryDecoder(avro, null));
        } catch (IOException | RuntimeException ex) {
            throw new IllegalArgumentException("entry.avro is not a LedgerEntry: " + ex.getMessage(), ex);
        }
        // The readable fields must say what the Avro says, or a reader could be shown one entry and sold another.
        requireSame("entry.partition", e.path("partition").asLong(-1), entry.getPartition());
        requireSame("entry.sequence", e.path("sequence").asLong(-1), entry.getSequence());
        requireSame("leafIndex", root.path("leafIndex").asLong(-1), entry.getSequence());
        requireSame("entry.correlationId", text(e, "correlationId"), entry.getEnvelope().getCorrelationId());
        requireSame("entry.subjectKey", text(e, "subjectKey"), entry.getSubjectKey());
        requireSame("entry.hash", text(e, "hash"), HEX.formatHex(Bytes.of(entry.getHash())));
        List<byte[]> path = new ArrayList<>();
        for (JsonNode h : node(root, "auditPath")) {
            path.add(hex(h.asText(), "auditPath"));
        }
        JsonNode c = node(root, "checkpoint");
        LedgerCheckpoint checkpoint = checkpointFrom(c);
        requireSame("treeSize", root.path("treeSize").asLong(-1), checkpoint.getTreeSize());
        return new InclusionProof(text(root, "ledgerTopic"), entry, e.path("offset").asLong(-1), path, checkpoint,
                c.path("offset").asLong(-1));
    }

    /** A checkpoint from the JSON of {@link #checkpoint}: the signed fields, so its signature can be checked offline. */
    public static LedgerCheckpoint readCheckpoint(JsonNode c) {
        return checkpointFrom(c);
    }

    private static LedgerCheckpoint checkpointFrom(JsonNode c) {
        List<CheckpointComponent> components = new ArrayList<>();
        for (JsonNode comp : c.path("components")) {
            components.add(new CheckpointComponent(comp.path("partition").asInt(), comp.path("treeSize").asLong(),
                    ByteBuffer.wrap(hex(text(comp, "rootHash"), "checkpoint.components.rootHash"))));
        }
        Instant issuedAt = Instant.ofEpochMilli(c.path("issuedAt").asLong());
        try {
            return LedgerCheckpoint.newBuilder()
                    // The envelope is not signed; the offline form does not carry it.
                    .setEnvelope(Envelope.newBuilder().setEventId("-").setCorrelationId("-").setCausationId("-")
                            .setTenant("-").setOccurredAt(issuedAt).setProducer("-").setTraceparent(null).build())
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
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed checkpoint: " + e.getMessage(), e);
        }
    }

    private static JsonNode node(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("missing field " + field);
        }
        return node;
    }

    private static String text(JsonNode parent, String field) {
        return node(parent, field).asText();
    }

    private static byte[] hex(String value, String field) {
        try {
            return HEX.parseHex(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not hex: " + value, e);
        }
    }

    private static void requireSame(String field, Object stated, Object actual) {
        if (!String.valueOf(stated).equals(String.valueOf(actual))) {
            throw new IllegalArgumentException(field + " says " + stated + " but the entry holds " + actual);
        }
    }
}
