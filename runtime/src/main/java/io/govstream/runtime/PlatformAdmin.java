package io.govstream.runtime;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The one Kafka {@link Admin} client of a process, with the process's own principal: for the
 * Kafka health check, consumer-lag and ledger-head probes. It needs no ACL beyond what the
 * principal already has (describeCluster needs none; offsets need DESCRIBE on the topic and group).
 */
@Singleton
@Requires(env = "govstream")
public class PlatformAdmin implements AutoCloseable {
    private final Admin admin;

    public PlatformAdmin(KafkaClientSettings kafka, @Value("${micronaut.application.name:govstream}") String application) {
        this.admin = Admin.create(kafka.with(Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, application + "-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000)));
    }

    public Admin admin() {
        return admin;
    }

    @PreDestroy
    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
