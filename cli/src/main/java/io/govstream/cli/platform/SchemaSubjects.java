package io.govstream.cli.platform;

import io.govstream.schemas.registry.SchemaRegistryClient;
import io.govstream.schemas.serde.WireFormat;
import io.govstream.topology.Catalogue;
import io.govstream.topology.TopicSpec;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/** Registers every catalogue topic's value schema under {@code <topic>-value} (TopicNameStrategy). */
public final class SchemaSubjects {
    private SchemaSubjects() {
    }

    /** Registers what is not registered yet; registering an unchanged schema again is a no-op. */
    public static void registerAll(Catalogue catalogue, SchemaRegistryClient registry) {
        for (TopicSpec topic : catalogue.topics()) {
            Schema schema = schemaOf(topic.valueSchema());
            if (schema != null) {
                registry.register(WireFormat.valueSubject(topic.name()), schema);
            }
        }
    }

    private static Schema schemaOf(String className) {
        if (className == null || className.isBlank()) {
            return null;
        }
        try {
            return SpecificData.get().getSchema(Class.forName(className));
        } catch (ClassNotFoundException e) {
            // Declared in the catalogue ahead of its event class (a later capability): nothing to register yet.
            return null;
        }
    }
}
