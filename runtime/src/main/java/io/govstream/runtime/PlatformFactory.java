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

/**
 * What every govstream process is given: the topic catalogue (the built-in one, or the file
 * at {@code govstream.catalogue}) and a client of the schema registry at {@code registry.url}.
 */
@Factory
public class PlatformFactory {

    @Singleton
    Topics topics(@Value("${govstream.catalogue:}") String cataloguePath) {
        return new Topics(cataloguePath.isBlank() ? Catalogue.load() : Catalogue.load(Path.of(cataloguePath)));
    }

    @Singleton
    @Requires(property = "registry.url")
    SchemaRegistryClient schemaRegistry(@Value("${registry.url}") String url) {
        return new RestSchemaRegistryClient(url);
    }
}
