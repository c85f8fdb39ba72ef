package io.govstream.topology;

import java.util.Objects;

/**
 * A role of the catalogue with the Java type of its values: the one handle apps and tests use to
 * reach a topic's name ({@link Topics#name}), spec and serde ({@link TopicSerdes#value}). The
 * catalogue entry of the role must declare the same value schema ({@link Topics} checks it).
 *
 * @param role      the catalogue role ({@code role:} in catalogue.yaml)
 * @param valueType the Avro class of the values, or null where the values are not ours (the registry's schemas)
 */
public record Topic<V>(String role, Class<V> valueType) {
    public Topic {
        Objects.requireNonNull(role, "role");
    }

    /** The full name of the value schema the catalogue must declare for this role; null if none. */
    public String valueSchema() {
        return valueType == null ? null : valueType.getName();
    }

    @Override
    public String toString() {
        return role;
    }
}
