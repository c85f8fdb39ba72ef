package io.govstream.topology;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One topic of the catalogue.
 *
 * @param role        what the platform uses it for; apps look topics up by role, never by name
 * @param name        the Kafka topic name
 * @param partitions  partition count
 * @param configs     topic-level configs that differ from, or must not drift from, broker defaults
 * @param valueSchema full name of the Avro value schema, or null where none is registered yet
 * @param purgedOnErasure a transit topic whose records may name people in clear (requests, votes, commands):
 *                    {@code govctl ledger erase} deletes its records that every reader has processed
 *                    ({@code erasure: purge} in the catalogue)
 */
public record TopicSpec(String role, String name, int partitions, Map<String, String> configs, String valueSchema,
                        boolean purgedOnErasure) {

    public TopicSpec {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(name, "name");
        // Sorted, so plans and descriptions list configs in a stable order.
        configs = configs == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(configs));
    }

    public TopicSpec withConfig(String key, String value) {
        Map<String, String> changed = new TreeMap<>(configs);
        changed.put(key, value);
        return new TopicSpec(role, name, partitions, changed, valueSchema, purgedOnErasure);
    }
}
