package io.govstream.registry;

import io.govstream.registry.store.RegistryState;
import io.govstream.registry.store.SchemaStore;
import io.govstream.registry.store.StoreException;
import io.govstream.registry.store.StoreRecord;
import io.govstream.registry.store.StoreRecord.SchemaVersion;
import io.govstream.schemas.registry.CompatibilityLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * The registry's rules, as Confluent Schema Registry applies them, over a {@link SchemaStore}:
 * ids are global and reused for an identical schema, versions count per subject, deletes are
 * soft first and permanent second, compatibility is checked against the live versions.
 */
public final class RegistryService {
    static final String AVRO = "AVRO";

    private final SchemaStore store;
    private final Duration timeout;
    // One writer: checks and the records they lead to must not interleave.
    private final Object writes = new Object();

    public RegistryService(SchemaStore store, Duration timeout) {
        this.store = store;
        this.timeout = timeout;
    }

    public List<String> subjects(boolean deleted) {
        return state().subjects(deleted);
    }

    public List<Integer> versions(String subject, boolean deleted) {
        return versionsOf(subject, deleted).stream().map(SchemaVersion::version).toList();
    }

    public Dto.SubjectVersion version(String subject, String version, boolean deleted) {
        return response(find(subject, version, deleted));
    }

    public int register(String subject, Dto.SchemaRequest request) {
        Schema schema = parse(request);
        String canonical = schema.toString();
        synchronized (writes) {
            RegistryState state = state();
            List<SchemaVersion> all = state.versions(subject, true);
            List<SchemaVersion> live = all.stream().filter(v -> !v.deleted()).toList();
            for (SchemaVersion v : live) {
                if (RegistryState.canonical(v.schema()).equals(canonical)) {
                    return v.id();
                }
            }
            String problem = level(subject).firstIncompatibility(schema, schemas(live));
            if (problem != null) {
                throw RegistryException.incompatible("Schema being registered is incompatible with an earlier schema for subject \""
                        + subject + "\", details: [" + problem + "]");
            }
            int id = state.idOf(canonical).orElse(state.maxId() + 1);
            int version = all.isEmpty() ? 1 : all.get(all.size() - 1).version() + 1;
            write(List.of(new SchemaVersion(subject, version, id, canonical, false)));
            return id;
        }
    }

    public Dto.SubjectVersion lookup(String subject, Dto.SchemaRequest request, boolean deleted) {
        String canonical = parse(request).toString();
        return versionsOf(subject, deleted).stream()
                .filter(v -> RegistryState.canonical(v.schema()).equals(canonical))
                .reduce((first, second) -> second)
                .map(RegistryService::response)
                .orElseThrow(RegistryException::schemaNotFound);
    }

    /** Soft deletes every version of {@code subject}, or after that, with {@code permanent}, removes them. */
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        synchronized (writes) {
            List<SchemaVersion> all = versionsOf(subject, true);
            boolean anyLive = all.stream().anyMatch(v -> !v.deleted());
            List<StoreRecord> records = new ArrayList<>();
            if (permanent) {
                if (anyLive) {
                    throw RegistryException.subjectNotSoftDeleted(subject);
                }
                all.forEach(v -> records.add(new StoreRecord.SchemaVersionRemoved(subject, v.version())));
                records.add(new StoreRecord.SubjectDeletedRemoved(subject));
                write(records);
                return all.stream().map(SchemaVersion::version).toList();
            }
            if (!anyLive) {
                throw RegistryException.subjectSoftDeleted(subject);
            }
            List<Integer> deleted = all.stream().filter(v -> !v.deleted()).map(SchemaVersion::version).toList();
            records.add(new StoreRecord.SubjectDeleted(subject, all.get(all.size() - 1).version()));
            if (state().subjectLevel(subject).isPresent()) {
                records.add(new StoreRecord.ConfigRemoved(subject));
            }
            write(records);
            return deleted;
        }
    }

    public int deleteVersion(String subject, String version, boolean permanent) {
        synchronized (writes) {
            // A soft-deleted version is found either way, to answer 40406 rather than 40402 for a second soft delete.
            SchemaVersion found = find(subject, version, permanent || !isLatest(version));
            if (permanent) {
                if (!found.deleted()) {
                    throw RegistryException.versionNotSoftDeleted(subject, found.version());
                }
                List<StoreRecord> records = new ArrayList<>();
                records.add(new StoreRecord.SchemaVersionRemoved(subject, found.version()));
                if (state().versions(subject, true).size() == 1) {
                    // The subject is gone: a stale soft-delete marker must not cover its next life.
                    records.add(new StoreRecord.SubjectDeletedRemoved(subject));
                }
                write(records);
            } else {
                if (found.deleted()) {
                    throw RegistryException.versionSoftDeleted(subject, found.version());
                }
                write(List.of(found.softDeleted()));
            }
            return found.version();
        }
    }

    public Dto.SchemaById schemaById(int id) {
        return state().schemaById(id)
                .map(schema -> new Dto.SchemaById(null, schema))
                .orElseThrow(() -> RegistryException.schemaNotFound(id));
    }

    public List<Dto.SubjectAndVersion> subjectVersionsOf(int id, boolean deleted) {
        if (state().schemaById(id).isEmpty()) {
            throw RegistryException.schemaNotFound(id);
        }
        return state().versionsWithId(id, deleted).stream()
                .map(v -> new Dto.SubjectAndVersion(v.subject(), v.version()))
                .toList();
    }

    /**
     * As Confluent documents it: with a {@code version} (a number or {@code latest}), checks {@code request} against
     * that one version of {@code subject} under the subject's level, even a TRANSITIVE one; with {@code null} (POST
     * {@code /compatibility/subjects/{subject}/versions}), against what registering it would be checked against.
     * {@code latest} of a subject without live versions is compatible.
     */
    public Dto.CompatibilityResponse checkCompatibility(String subject, String version, Dto.SchemaRequest request, boolean verbose) {
        Schema candidate = parse(request);
        List<SchemaVersion> live = state().versions(subject, false);
        List<Schema> against;
        if (version == null) {
            against = schemas(live);
        } else if (isLatest(version)) {
            against = live.isEmpty() ? List.of() : schemas(live.subList(live.size() - 1, live.size()));
        } else {
            against = List.of(new Schema.Parser().parse(find(subject, version, false).schema()));
        }
        String problem = level(subject).firstIncompatibility(candidate, against);
        List<String> messages = problem == null ? List.of() : List.of(problem);
        return new Dto.CompatibilityResponse(problem == null, verbose ? messages : null);
    }

    public CompatibilityLevel globalLevel() {
        return state().globalLevel().orElse(CompatibilityLevel.DEFAULT);
    }

    /** The subject's own level, or with {@code defaultToGlobal} the level that applies to it. */
    public CompatibilityLevel subjectLevel(String subject, boolean defaultToGlobal) {
        Optional<CompatibilityLevel> own = state().subjectLevel(subject);
        if (own.isPresent()) {
            return own.get();
        }
        if (defaultToGlobal) {
            return globalLevel();
        }
        throw RegistryException.subjectLevelNotConfigured(subject);
    }

    /** @param subject null for the global level */
    public CompatibilityLevel setSubjectLevel(String subject, String level) {
        CompatibilityLevel parsed = parseLevel(level);
        synchronized (writes) {
            write(List.of(new StoreRecord.Config(subject, parsed)));
        }
        return parsed;
    }

    /** Removes the subject's own level and returns it; the global level applies again. */
    public CompatibilityLevel deleteSubjectLevel(String subject) {
        synchronized (writes) {
            CompatibilityLevel own = state().subjectLevel(subject).orElseThrow(() -> RegistryException.subjectNotFound(subject));
            write(List.of(new StoreRecord.ConfigRemoved(subject)));
            return own;
        }
    }

    private CompatibilityLevel level(String subject) {
        return state().subjectLevel(subject).orElseGet(this::globalLevel);
    }

    /** The versions of {@code subject}, oldest first; 40401 if it has none. */
    private List<SchemaVersion> versionsOf(String subject, boolean deleted) {
        List<SchemaVersion> versions = state().versions(subject, deleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return versions;
    }

    private SchemaVersion find(String subject, String version, boolean deleted) {
        int number = parseVersion(version);
        List<SchemaVersion> versions = versionsOf(subject, deleted);
        if (number == -1) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream()
                .filter(v -> v.version() == number)
                .findFirst()
                .orElseThrow(() -> RegistryException.versionNotFound(number));
    }

    private RegistryState state() {
        return call(() -> {
            store.awaitReady(timeout);
            return store.state();
        });
    }

    private void write(List<StoreRecord> records) {
        call(() -> {
            store.append(records);
            return null;
        });
    }

    private static <T> T call(Supplier<T> storeCall) {
        try {
            return storeCall.get();
        } catch (StoreException e) {
            throw e.isTimeout() ? RegistryException.timeout(e.getMessage(), e) : RegistryException.storeError(e.getMessage(), e);
        }
    }

    private static Dto.SubjectVersion response(SchemaVersion v) {
        return new Dto.SubjectVersion(v.subject(), v.version(), v.id(), null, v.schema());
    }

    private static List<Schema> schemas(List<SchemaVersion> versions) {
        return versions.stream().map(v -> new Schema.Parser().parse(v.schema())).toList();
    }

    static Schema parse(Dto.SchemaRequest request) {
        if (request == null || request.schema() == null) {
            throw RegistryException.invalidSchema("Empty schema");
        }
        String type = request.schemaType() == null ? AVRO : request.schemaType();
        if (!AVRO.equals(type)) {
            throw new RegistryException(422, 42202, "Schema type " + type + " is not supported: this registry serves AVRO only");
        }
        if (request.references() != null && !request.references().isEmpty()) {
            throw RegistryException.invalidSchema("Schema references are not supported by this registry");
        }
        try {
            return new Schema.Parser().parse(request.schema());
        } catch (AvroRuntimeException e) {
            throw RegistryException.invalidSchema("Invalid schema " + request.schema() + ", details: " + e.getMessage());
        } catch (NullPointerException e) {
            // Avro 1.12 fails so on a bare name it cannot resolve ("\"Foo\""): "Unknown schema: ...UnresolvedSchema_0"
            throw RegistryException.invalidSchema("Invalid schema " + request.schema() + ", details: "
                    + (String.valueOf(e.getMessage()).startsWith("Unknown schema") ? "a type name it uses is not defined" : "Avro cannot parse it (" + e + ")"));
        }
    }

    static boolean isLatest(String version) {
        return "latest".equals(version) || "-1".equals(version);
    }

    /** A version number, -1 for latest. */
    static int parseVersion(String version) {
        if (isLatest(version)) {
            return -1;
        }
        try {
            int number = Integer.parseInt(version);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // falls through to the API's own error
        }
        throw RegistryException.invalidVersion(version);
    }

    static CompatibilityLevel parseLevel(String level) {
        if (level == null) {
            throw RegistryException.invalidCompatibilityLevel(null);
        }
        try {
            return CompatibilityLevel.valueOf(level.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RegistryException.invalidCompatibilityLevel(level);
        }
    }
}
