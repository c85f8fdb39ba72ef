package io.govstream.cli.client;

import io.govstream.schemas.registry.RestSchemaRegistryClient;
import java.util.HashMap;
import java.util.Map;

/**
 * The schema registry client of a client config file, read with Confluent's setting names:
 * {@code schema.registry.url} and the {@code basic.auth.*} credentials that registry writes
 * need ({@code govctl up} writes {@code basic.auth.credentials.source=SASL_INHERIT} into
 * admin.properties, so govctl writes as the admin principal).
 */
public final class RegistryClients {
    private RegistryClients() {
    }

    /** The client of {@code client}'s registry, or of {@code url} when given, with {@code client}'s credentials. */
    public static RestSchemaRegistryClient of(Map<String, Object> client, String url) {
        Map<String, Object> config = new HashMap<>(client);
        if (url != null) {
            config.put(RestSchemaRegistryClient.URL_CONFIG, url);
        }
        return RestSchemaRegistryClient.fromConfig(config);
    }

    /** The client of the registry {@code client} names. @throws IllegalArgumentException if it names none */
    public static RestSchemaRegistryClient of(Map<String, Object> client) {
        if (client.get(RestSchemaRegistryClient.URL_CONFIG) == null) {
            throw new IllegalArgumentException("no schema.registry.url in the client config");
        }
        return of(client, null);
    }

    /** Whether a client setting is the registry client's, not the Kafka client's. */
    public static boolean isRegistrySetting(String key) {
        return key.startsWith("schema.registry.") || key.startsWith("basic.auth.") || key.equals("auto.register.schemas")
                || key.equals("use.latest.version");
    }
}
