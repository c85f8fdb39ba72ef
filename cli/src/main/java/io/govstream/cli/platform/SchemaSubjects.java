package io.govstream.cli.platform;

import io.govstream.cli.client.PlatformException;
import io.govstream.schemas.registry.CompatibilityLevel;
import io.govstream.schemas.registry.RestSchemaRegistryClient;
import io.govstream.schemas.registry.SchemaRegistryClient;
import io.govstream.schemas.serde.WireFormat;
import io.govstream.topology.Catalogue;
import io.govstream.topology.TopicSpec;
import org.apache.avro.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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

    /** The levels that let a subject take a schema whose readers cannot read the data written before it. */
    private static final Set<CompatibilityLevel> TOO_WEAK = Set.of(CompatibilityLevel.NONE, CompatibilityLevel.FORWARD,
            CompatibilityLevel.FORWARD_TRANSITIVE);

    /**
     * Refuses a registry under which a catalogue subject may change incompatibly: each registered subject's level
     * (its own, else the global one) must be BACKWARD or stricter (docs/architecture.md, invariant 4). The platform's
     * own registry defaults to BACKWARD; another may not (Apicurio's default is NONE).
     */
    public static void requireBackwardOrStricter(Catalogue catalogue, RestSchemaRegistryClient registry, String where) {
        List<String> weak = new ArrayList<>();
        for (TopicSpec topic : catalogue.topics()) {
            if (schemaOf(topic.valueSchema()) != null) {
                String subject = WireFormat.valueSubject(topic.name());
                CompatibilityLevel level = registry.compatibilityLevel(subject);
                if (TOO_WEAK.contains(level)) {
                    weak.add(subject + " (" + level + ")");
                }
            }
        }
        if (!weak.isEmpty()) {
            throw new PlatformException("the schema registry at " + where + " lets " + weak.size()
                    + " of the platform's subjects change incompatibly: " + String.join(", ", weak)
                    + "; set its global compatibility to BACKWARD or stricter (PUT " + where
                    + "/config {\"compatibility\":\"BACKWARD\"}), or those subjects' own (PUT /config/<subject>)");
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
