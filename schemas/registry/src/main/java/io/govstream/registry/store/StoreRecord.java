package io.govstream.registry.store;

import io.govstream.schemas.registry.CompatibilityLevel;
import java.util.Objects;

/**
 * One record of the {@code _schemas} topic, in the meaning Confluent Schema Registry gives it.
 * Removals are tombstones of the corresponding key.
 */
public sealed interface StoreRecord {

    /** Version {@code version} of {@code subject} is schema {@code id}; {@code deleted} marks a soft delete. */
    record SchemaVersion(String subject, int version, int id, String schema, boolean deleted) implements StoreRecord {
        public SchemaVersion {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(schema, "schema");
        }

        public SchemaVersion softDeleted() {
            return new SchemaVersion(subject, version, id, schema, true);
        }
    }

    /** Version {@code version} of {@code subject} is permanently gone. */
    record SchemaVersionRemoved(String subject, int version) implements StoreRecord {
    }

    /** The compatibility level of {@code subject}, or the global one when {@code subject} is null. */
    record Config(String subject, CompatibilityLevel level) implements StoreRecord {
        public Config {
            Objects.requireNonNull(level, "level");
        }
    }

    /** {@code subject} falls back to the global level again. */
    record ConfigRemoved(String subject) implements StoreRecord {
    }

    /** Every version of {@code subject} up to {@code version} is soft deleted. */
    record SubjectDeleted(String subject, int version) implements StoreRecord {
    }

    /** The soft delete marker of {@code subject} is gone (after a permanent delete). */
    record SubjectDeletedRemoved(String subject) implements StoreRecord {
    }
}
