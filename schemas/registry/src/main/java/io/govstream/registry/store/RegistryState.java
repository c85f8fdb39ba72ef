package io.govstream.registry.store;

import io.govstream.schemas.registry.CompatibilityLevel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * What the {@code _schemas} records say, folded in offset order: subjects with their versions,
 * schemas by id, compatibility levels. Written by one store thread, read by request threads.
 */
public final class RegistryState {
    private final Map<String, TreeMap<Integer, StoreRecord.SchemaVersion>> subjects = new TreeMap<>();
    private final Map<Integer, String> schemaById = new HashMap<>();
    private final Map<String, Integer> idByCanonical = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    // Only grows: an id once handed out is never handed out again, even after a hard delete.
    private int maxId;

    public synchronized void apply(StoreRecord record) {
        if (record instanceof StoreRecord.SchemaVersion v) {
            subjects.computeIfAbsent(v.subject(), s -> new TreeMap<>()).put(v.version(), v);
            schemaById.putIfAbsent(v.id(), v.schema());
            idByCanonical.putIfAbsent(canonical(v.schema()), v.id());
            maxId = Math.max(maxId, v.id());
        } else if (record instanceof StoreRecord.SchemaVersionRemoved r) {
            TreeMap<Integer, StoreRecord.SchemaVersion> versions = subjects.get(r.subject());
            StoreRecord.SchemaVersion removed = versions == null ? null : versions.remove(r.version());
            if (versions != null && versions.isEmpty()) {
                subjects.remove(r.subject());
            }
            if (removed != null && versionsWithId(removed.id(), true).isEmpty()) {
                schemaById.remove(removed.id());
                idByCanonical.values().remove(removed.id());
            }
        } else if (record instanceof StoreRecord.Config c) {
            if (c.subject() == null) {
                globalLevel = c.level();
            } else {
                subjectLevels.put(c.subject(), c.level());
            }
        } else if (record instanceof StoreRecord.ConfigRemoved c) {
            if (c.subject() == null) {
                globalLevel = null;
            } else {
                subjectLevels.remove(c.subject());
            }
        } else if (record instanceof StoreRecord.SubjectDeleted d) {
            // As Confluent: the marker soft-deletes every version up to the one it names.
            TreeMap<Integer, StoreRecord.SchemaVersion> versions = subjects.get(d.subject());
            if (versions != null) {
                versions.headMap(d.version(), true).replaceAll((version, v) -> v.softDeleted());
            }
        }
        // SubjectDeletedRemoved only clears the marker; the versions it covered stay as they are.
    }

    /** Subjects with at least one live version, or with any version when {@code includeDeleted}. */
    public synchronized List<String> subjects(boolean includeDeleted) {
        return subjects.entrySet().stream()
                .filter(e -> includeDeleted || e.getValue().values().stream().anyMatch(v -> !v.deleted()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Versions of {@code subject}, oldest first. */
    public synchronized List<StoreRecord.SchemaVersion> versions(String subject, boolean includeDeleted) {
        return subjects.getOrDefault(subject, new TreeMap<>()).values().stream()
                .filter(v -> includeDeleted || !v.deleted())
                .toList();
    }

    public synchronized Optional<String> schemaById(int id) {
        return Optional.ofNullable(schemaById.get(id));
    }

    /** The id of a schema with this canonical form in any subject. */
    public synchronized Optional<Integer> idOf(String canonicalSchema) {
        return Optional.ofNullable(idByCanonical.get(canonicalSchema));
    }

    public synchronized List<StoreRecord.SchemaVersion> versionsWithId(int id, boolean includeDeleted) {
        return subjects.values().stream().flatMap(versions -> versions.values().stream())
                .filter(v -> v.id() == id && (includeDeleted || !v.deleted()))
                .toList();
    }

    public synchronized int maxId() {
        return maxId;
    }

    /** The global level if one was set; callers apply the default. */
    public synchronized Optional<CompatibilityLevel> globalLevel() {
        return Optional.ofNullable(globalLevel);
    }

    public synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    /**
     * The form in which two schemas count as the same: Avro's own normalized JSON of the parsed
     * schema, so whitespace and key order of the text don't matter, but defaults and docs do.
     */
    public static String canonical(String schema) {
        try {
            return new Schema.Parser().parse(schema).toString();
        } catch (AvroRuntimeException | NullPointerException e) {
            // Another registry may have stored something Avro no longer parses: it can only equal itself.
            return schema;
        }
    }
}
