package io.govstream.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * Confluent's compatibility levels, checked with Avro's own {@link SchemaCompatibility}.
 * BACKWARD: a reader of the new schema reads data of the latest (TRANSITIVE: of every) version.
 * FORWARD: a reader of the old schema reads data of the new one. FULL: both.
 */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    /** The level of the platform's own subjects (docs/architecture.md, invariant 4). */
    public static final CompatibilityLevel DEFAULT = BACKWARD;

    /**
     * Returns the first incompatibility of {@code candidate} against {@code previous}
     * (oldest first), or {@code null} when compatible.
     */
    public String firstIncompatibility(Schema candidate, List<Schema> previous) {
        if (this == NONE || previous.isEmpty()) {
            return null;
        }
        boolean transitive = name().endsWith("_TRANSITIVE");
        List<Schema> against = transitive ? previous : List.of(previous.get(previous.size() - 1));
        for (Schema old : against) {
            if (checksBackward()) {
                String problem = problem(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old));
                if (problem != null) {
                    return "new schema cannot read data written with an existing version: " + problem;
                }
            }
            if (checksForward()) {
                String problem = problem(SchemaCompatibility.checkReaderWriterCompatibility(old, candidate));
                if (problem != null) {
                    return "an existing version cannot read data written with the new schema: " + problem;
                }
            }
        }
        return null;
    }

    private boolean checksBackward() {
        return this == BACKWARD || this == BACKWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    private boolean checksForward() {
        return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    private static String problem(SchemaCompatibility.SchemaPairCompatibility result) {
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return null;
        }
        return result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                .reduce((a, b) -> a + "; " + b)
                .orElse(result.getDescription());
    }
}
