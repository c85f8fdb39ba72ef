package io.govstream.registry;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.List;

/**
 * What the schema registry is configured with: the {@code registry.*} properties
 * (application-registry.yml, {@code -D} properties or environment variables such as
 * {@code REGISTRY_AUTH_USERS}), each with its default here and nowhere else.
 *
 * @param store   {@code kafka}: the compacted topic below, with the client settings under {@code kafka.*};
 *                {@code memory}: forgets on stop (tests, throw-away registries)
 * @param topic   the store's topic
 * @param timeout metadata requests, catching up at start, writes and their read-back
 * @param auth    who may write
 */
@ConfigurationProperties("registry")
public record RegistrySettings(@Bindable(defaultValue = "kafka") String store,
                               @Bindable(defaultValue = "_schemas") String topic,
                               @Bindable(defaultValue = "30s") Duration timeout,
                               Auth auth) {

    /**
     * Writes (register, PUT/DELETE config, deletes) need HTTP basic credentials of one of these
     * users; reads, lookups and compatibility checks stay anonymous.
     *
     * @param users       e.g. {@code REGISTRY_AUTH_USERS=governance,orbit,axon,admin}; none: every write is refused
     * @param passwordDir where each user's password is, as {@code <user>.password} (the principal's SCRAM password)
     */
    @ConfigurationProperties("auth")
    public record Auth(@Bindable(defaultValue = "") List<String> users, @Bindable(defaultValue = "") String passwordDir) {
    }
}
