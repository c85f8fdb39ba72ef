package io.govstream.runtime;

import io.govstream.schemas.registry.RestSchemaRegistryClient;
import io.govstream.schemas.registry.SchemaRegistryClient;
import io.govstream.topology.Catalogue;
import io.govstream.topology.Topics;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What every govstream process is given: the topic catalogue (the built-in one, or the file
 * at {@code govstream.catalogue}) and a client of the schema registry at {@code registry.url}.
 */
@Factory
public class PlatformFactory {

    @Singleton
    Topics topics(PlatformSettings settings) {
        return new Topics(settings.catalogue().isBlank() ? Catalogue.load() : Catalogue.load(Path.of(settings.catalogue())));
    }

    /**
     * Registry writes need HTTP basic credentials, named as in Confluent's clients:
     * {@code registry.basic.auth.credentials.source} {@code URL} (default: the URL's user info),
     * {@code USER_INFO} ({@code registry.basic.auth.user.info=user:password}) or {@code SASL_INHERIT}
     * (the service's own Kafka login, {@code kafka.sasl.jaas.config}: what {@code govctl up} and the
     * deployments use, so no second secret is needed). Over HTTPS the client trusts
     * {@code registry.ssl.truststore.location} ({@code .type} PEM, JKS or PKCS12, {@code .password}; Confluent's
     * {@code schema.registry.ssl.truststore.*}), else the JVM's default CAs.
     */
    @Singleton
    @Requires(property = "registry.url")
    SchemaRegistryClient schemaRegistry(@Value("${registry.url}") String url,
                                        @Value("${registry.basic.auth.credentials.source:URL}") String credentialsSource,
                                        @Value("${registry.basic.auth.user.info:}") String userInfo,
                                        @Value("${kafka.sasl.jaas.config:}") String jaasConfig,
                                        RegistryTrustSettings trust) {
        Map<String, Object> config = new HashMap<>(trust.asConfluentConfig());
        config.put(RestSchemaRegistryClient.URL_CONFIG, url);
        config.put(RestSchemaRegistryClient.CREDENTIALS_SOURCE_CONFIG, credentialsSource);
        config.put(RestSchemaRegistryClient.USER_INFO_CONFIG, userInfo);
        config.put(RestSchemaRegistryClient.SASL_JAAS_CONFIG, jaasConfig);
        return RestSchemaRegistryClient.fromConfig(config);
    }
}
