package io.govstream.cli.platform;

import io.govstream.broker.LocalKafka;
import io.govstream.cli.client.ClientFiles;
import io.govstream.schemas.registry.RegistryTrust;
import io.govstream.schemas.registry.RestSchemaRegistryClient;
import io.govstream.topology.Catalogue;
import io.govstream.topology.Topics;
import io.govstream.topology.secrets.SecretStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client settings a started platform hands out: each principal's Kafka login with the registry
 * it uses (and, with --tls, the local CA to trust), and the settings files govctl up writes for the
 * clients that run outside it.
 */
record PlatformClients(PlatformSettings settings, LocalKafka broker, SecretStore secrets, Catalogue catalogue) {
    /** Kafka settings of a catalogue principal, with its password. */
    Map<String, Object> clientProperties(String principal) {
        return broker.clientProperties(principal, secrets.passwordFor(principal));
    }

    /**
     * The admin's client settings as govctl reads them from admin.properties: Kafka, the registry's URL
     * and its credentials (the admin's SASL login).
     */
    Map<String, Object> adminSettings() {
        Map<String, Object> admin = new LinkedHashMap<>(broker.adminClientProperties());
        admin.put(RestSchemaRegistryClient.URL_CONFIG, settings.registryUrl());
        if (!settings.externalRegistry()) {
            // Confluent's setting: the registry credentials are the client's own SASL login. An external registry's
            // credentials, if it needs any, are the user info of its URL (Confluent's default source).
            admin.put(RestSchemaRegistryClient.CREDENTIALS_SOURCE_CONFIG, "SASL_INHERIT");
        }
        admin.putAll(registryTrust());
        return admin;
    }

    /**
     * With --tls, Confluent's registry client settings that trust the local CA (a PEM file); else none. An
     * external registry's certificate is not the local CA's: its clients trust the JVM's default CAs.
     */
    Map<String, Object> registryTrust() {
        if (!settings.tls() || settings.externalRegistry()) {
            return Map.of();
        }
        return Map.of(RegistryTrust.TRUSTSTORE_LOCATION_CONFIG, settings.caCert().toString(), RegistryTrust.TRUSTSTORE_TYPE_CONFIG, "PEM");
    }

    /**
     * Writes the settings files of the clients that run outside govctl: the external producer's
     * (client.properties), the auditor's and the witness's, and the admin's (admin.properties).
     */
    void writeFiles() {
        Topics topics = new Topics(catalogue);
        Map<String, Object> producer = lookupSettings("producer");
        producer.put("group.id", "producer-client");
        ClientFiles.write(settings.dataDir().resolve(ClientFiles.CLIENT), producer,
                "govstream client settings for the 'producer' principal: may write "
                        + topics.externalRequests() + " (evaluated as external:producer) and read " + topics.decisions());
        // Auditors and witnesses run with their own principals: reading the ledger (and, for a witness, appending
        // cosignatures to the checkpoints) is all either may do.
        for (String principal : List.of(ClientFiles.AUDITOR_PRINCIPAL, ClientFiles.WITNESS_PRINCIPAL)) {
            ClientFiles.write(settings.dataDir().resolve(principal + ".properties"), lookupSettings(principal),
                    "govstream client settings for the '" + principal + "' principal: may read " + topics.ledger() + " and "
                            + topics.ledgerCheckpoints()
                            + (principal.equals(ClientFiles.WITNESS_PRINCIPAL) ? ", and append cosigned checkpoints to the latter" : ""));
        }
        Map<String, Object> admin = new LinkedHashMap<>(adminSettings());
        admin.put("orbit.url", settings.orbitUrl());
        ClientFiles.write(settings.dataDir().resolve(ClientFiles.ADMIN), admin, "govstream admin settings (super user)");
    }

    /** A principal's client settings with the registry it looks schemas up in. */
    private Map<String, Object> lookupSettings(String principal) {
        Map<String, Object> client = new LinkedHashMap<>(clientProperties(principal));
        // Readers get no writer's credentials: an external registry's URL goes without them.
        client.put("schema.registry.url", settings.registryUrlWithoutCredentials());
        client.putAll(registryTrust());
        // They may not register schemas (govctl up registered them): serializers look them up.
        client.put("auto.register.schemas", "false");
        return client;
    }
}
