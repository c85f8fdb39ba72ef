package io.govstream.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A registry held in memory, with the same ids, versions and compatibility rules as the
 * real one. For topology tests ({@code TopologyTestDriver}) that need no network.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {
    private final Map<Integer, Schema> byId = new HashMap<>();
    private final Map<Schema, Integer> idBySchema = new HashMap<>();
    private final Map<String, List<RegisteredSchema>> subjects = new HashMap<>();
    private final CompatibilityLevel level = CompatibilityLevel.DEFAULT;

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<RegisteredSchema> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        for (RegisteredSchema v : versions) {
            if (v.schema().equals(schema)) {
                return v.id();
            }
        }
        String problem = level.firstIncompatibility(schema, versions.stream().map(RegisteredSchema::schema).toList());
        if (problem != null) {
            throw new SchemaRegistryException(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                    + subject + "\": " + problem);
        }
        int id = idBySchema.computeIfAbsent(schema, s -> {
            int next = byId.size() + 1;
            byId.put(next, s);
            return next;
        });
        versions.add(new RegisteredSchema(subject, id, versions.size() + 1, schema));
        return id;
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        return subjects.getOrDefault(subject, List.of()).stream()
                .filter(v -> v.schema().equals(schema))
                .mapToInt(RegisteredSchema::id)
                .findFirst()
                .orElseThrow(() -> new SchemaRegistryException(404, 40403, "Schema not found under subject " + subject));
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = byId.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(404, 40403, "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<RegisteredSchema> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException(404, 40401, "Subject '" + subject + "' not found.");
        }
        return versions.get(versions.size() - 1);
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        List<Schema> previous = subjects.getOrDefault(subject, List.of()).stream().map(RegisteredSchema::schema).toList();
        return level.firstIncompatibility(schema, previous) == null;
    }
}
