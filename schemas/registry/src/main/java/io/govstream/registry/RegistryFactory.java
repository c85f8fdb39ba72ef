package io.govstream.registry;

import io.govstream.registry.store.InMemorySchemaStore;
import io.govstream.registry.store.KafkaSchemaStore;
import io.govstream.registry.store.SchemaStore;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.convert.format.MapFormat;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store and the service. {@code registry.store} picks the store: {@code kafka} (default)
 * on {@code registry.topic} with the client settings under {@code kafka.*}, or {@code memory}.
 */
@Factory
final class RegistryFactory {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryFactory.class);

    // Eager: start reading the topic with the context, not on the first request's event loop.
    @Context
    @Bean(preDestroy = "close")
    SchemaStore schemaStore(RegistrySettings settings,
                            @Property(name = "kafka") @MapFormat(transformation = MapFormat.MapTransformation.FLAT)
                            Map<String, Object> kafka) {
        return switch (settings.store()) {
            case "memory" -> new InMemorySchemaStore();
            case "kafka" -> {
                if (kafka == null || !kafka.containsKey("bootstrap.servers")) {
                    throw new IllegalStateException("registry.store=kafka needs kafka.bootstrap.servers");
                }
                yield KafkaSchemaStore.start(kafka, settings.topic(), settings.timeout());
            }
            default -> throw new IllegalStateException("registry.store must be kafka or memory, not " + settings.store());
        };
    }

    /**
     * The users that may write, from {@code registry.auth.users} and {@code registry.auth.password-dir}; none by default.
     * Eager, so a missing password file fails the start rather than the first write.
     */
    @Context
    WriterCredentials writerCredentials(RegistrySettings settings) {
        List<String> users = settings.auth().users() == null ? List.of() : settings.auth().users();
        String passwordDir = settings.auth().passwordDir();
        WriterCredentials credentials = WriterCredentials.load(users.stream().map(String::strip).filter(u -> !u.isEmpty()).toList(),
                passwordDir == null || passwordDir.isBlank() ? null : Path.of(passwordDir));
        if (credentials.users().isEmpty()) {
            LOG.warn("registry.auth.users is empty: every write is refused (reads are answered)");
        } else {
            LOG.info("registry writes need HTTP basic credentials of one of {}", credentials.users());
        }
        return credentials;
    }

    @Singleton
    RegistryService registryService(SchemaStore store, RegistrySettings settings) {
        return new RegistryService(store, settings.timeout());
    }
}
