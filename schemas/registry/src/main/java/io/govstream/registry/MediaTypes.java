package io.govstream.registry;

/** The media types of the Confluent Schema Registry API. */
public final class MediaTypes {
    public static final String V1 = "application/vnd.schemaregistry.v1+json";
    public static final String GENERIC = "application/vnd.schemaregistry+json";
    public static final String JSON = "application/json";

    private MediaTypes() {
    }
}
