package io.govstream.runtime;

import io.govstream.schemas.registry.RegistryTrust;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Whom a service trusts when it calls the schema registry over HTTPS: {@code registry.ssl.truststore.location},
 * {@code .type} and {@code .password} (Confluent's {@code schema.registry.ssl.truststore.*} under the service's
 * {@code registry.} prefix). Both the registry client and the registry health check use it.
 */
@Singleton
public class RegistryTrustSettings {
    private final Map<String, Object> config;

    public RegistryTrustSettings(@Value("${registry.ssl.truststore.location:}") String location,
                                 @Value("${registry.ssl.truststore.type:}") String type,
                                 @Value("${registry.ssl.truststore.password:}") String password) {
        this.config = Map.of(RegistryTrust.TRUSTSTORE_LOCATION_CONFIG, location, RegistryTrust.TRUSTSTORE_TYPE_CONFIG, type,
                RegistryTrust.TRUSTSTORE_PASSWORD_CONFIG, password);
    }

    /** The settings under Confluent's names, as {@code RestSchemaRegistryClient.fromConfig} reads them. */
    public Map<String, Object> asConfluentConfig() {
        return config;
    }

    /** The context trusting the configured store, or empty: the JVM's default CAs. */
    public Optional<SSLContext> sslContext() {
        return RegistryTrust.fromConfig(config);
    }
}
