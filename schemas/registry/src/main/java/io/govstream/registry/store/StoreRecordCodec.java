package io.govstream.registry.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govstream.schemas.registry.CompatibilityLevel;
import java.io.IOException;
import java.util.Optional;

/**
 * Keys and values of {@code _schemas} in Confluent Schema Registry's own JSON, so a Confluent
 * registry can adopt the topic and this one can read a topic Confluent wrote. Key bytes matter:
 * compaction keeps the last record per identical key, so fields are written in Confluent's order.
 */
public final class StoreRecordCodec {
    static final String SCHEMA = "SCHEMA";
    static final String CONFIG = "CONFIG";
    static final String DELETE_SUBJECT = "DELETE_SUBJECT";

    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreRecordCodec() {
    }

    public static byte[] key(StoreRecord record) {
        ObjectNode key = JSON.createObjectNode();
        // Java 17 has no pattern switch; the sealed interface keeps this list complete.
        if (record instanceof StoreRecord.SchemaVersion v) {
            schemaKey(key, v.subject(), v.version());
        } else if (record instanceof StoreRecord.SchemaVersionRemoved v) {
            schemaKey(key, v.subject(), v.version());
        } else if (record instanceof StoreRecord.Config c) {
            subjectKey(key, CONFIG, c.subject());
        } else if (record instanceof StoreRecord.ConfigRemoved c) {
            subjectKey(key, CONFIG, c.subject());
        } else if (record instanceof StoreRecord.SubjectDeleted d) {
            subjectKey(key, DELETE_SUBJECT, d.subject());
        } else if (record instanceof StoreRecord.SubjectDeletedRemoved d) {
            subjectKey(key, DELETE_SUBJECT, d.subject());
        } else {
            throw new IllegalArgumentException("Unknown store record " + record);
        }
        return bytes(key);
    }

    /** The value, or {@code null} for a tombstone. */
    public static byte[] value(StoreRecord record) {
        if (record instanceof StoreRecord.SchemaVersion v) {
            return bytes(JSON.createObjectNode()
                    .put("subject", v.subject())
                    .put("version", v.version())
                    .put("id", v.id())
                    .put("schema", v.schema())
                    .put("deleted", v.deleted()));
        }
        if (record instanceof StoreRecord.Config c) {
            return bytes(JSON.createObjectNode().put("compatibilityLevel", c.level().name()));
        }
        if (record instanceof StoreRecord.SubjectDeleted d) {
            return bytes(JSON.createObjectNode().put("subject", d.subject()).put("version", d.version()));
        }
        return null;
    }

    /**
     * Decodes a record of the topic; empty for key types this registry does not use (NOOP,
     * MODE, CONTEXT, …), which Confluent also writes.
     *
     * @throws IllegalArgumentException when the bytes are not a registry record
     */
    public static Optional<StoreRecord> decode(byte[] keyBytes, byte[] valueBytes) {
        JsonNode key = tree(keyBytes, "key");
        String keyType = key.path("keytype").asText("");
        if (!SCHEMA.equals(keyType) && !CONFIG.equals(keyType) && !DELETE_SUBJECT.equals(keyType)) {
            return Optional.empty();
        }
        JsonNode value = valueBytes == null ? null : tree(valueBytes, "value");
        String subject = key.path("subject").isTextual() ? key.path("subject").asText() : null;
        switch (keyType) {
            case SCHEMA -> {
                int version = key.path("version").asInt();
                if (value == null) {
                    return Optional.of(new StoreRecord.SchemaVersionRemoved(subject, version));
                }
                String schemaType = value.path("schemaType").asText("AVRO");
                if (!"AVRO".equals(schemaType)) {
                    // Written by a registry with more schema types; this one serves Avro only.
                    return Optional.empty();
                }
                return Optional.of(new StoreRecord.SchemaVersion(subject, version, value.path("id").asInt(),
                        value.path("schema").asText(), value.path("deleted").asBoolean(false)));
            }
            case CONFIG -> {
                if (value == null) {
                    return Optional.of(new StoreRecord.ConfigRemoved(subject));
                }
                JsonNode level = value.path("compatibilityLevel");
                if (!level.isTextual()) {
                    // A config record with other settings only (normalize, metadata, …): no level to apply.
                    return Optional.empty();
                }
                return Optional.of(new StoreRecord.Config(subject, CompatibilityLevel.valueOf(level.asText())));
            }
            case DELETE_SUBJECT -> {
                if (value == null) {
                    return Optional.of(new StoreRecord.SubjectDeletedRemoved(subject));
                }
                return Optional.of(new StoreRecord.SubjectDeleted(subject, value.path("version").asInt()));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static void schemaKey(ObjectNode key, String subject, int version) {
        key.put("keytype", SCHEMA).put("subject", subject).put("version", version).put("magic", 1);
    }

    /** A {@code CONFIG} or {@code DELETE_SUBJECT} key; a null subject (the global level) is written as JSON null. */
    private static void subjectKey(ObjectNode key, String keyType, String subject) {
        key.put("keytype", keyType).put("subject", subject).put("magic", 0);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write JSON " + node, e);
        }
    }

    private static JsonNode tree(byte[] bytes, String what) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("Record " + what + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("Record " + what + " is not JSON: " + e.getMessage(), e);
        }
    }
}
