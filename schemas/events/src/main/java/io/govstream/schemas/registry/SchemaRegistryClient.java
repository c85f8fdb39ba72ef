package io.govstream.schemas.registry;

import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API the platform uses. Implemented over REST
 * ({@link RestSchemaRegistryClient}) for real registries and in memory for topology tests.
 */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** Returns the id {@code schema} already has under {@code subject}, without registering it. */
    int idOf(String subject, Schema schema);

    /** Returns the schema with the given global id. */
    Schema schemaById(int id);

    /** Returns the latest version registered under {@code subject}. */
    RegisteredSchema latest(String subject);

    /** Whether {@code schema} is compatible with {@code subject} under its compatibility level: whether registering it would be accepted. */
    boolean isCompatible(String subject, Schema schema);
}
