package io.govstream.runtime.health;

import io.govstream.runtime.PlatformSettings;
import io.govstream.runtime.PlatformAdmin;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.reactivestreams.Publisher;

/**
 * Component {@code kafka}: the cluster answers a describeCluster with this process's principal
 * (no ACL needed). Counts for readiness, not liveness: a process cannot serve without Kafka,
 * but restarting it would not bring Kafka back.
 */
@Singleton
@Requires(env = "govstream")
@Requires(property = "govstream.health.kafka.enabled", notEquals = "false")
public class KafkaHealthIndicator implements HealthIndicator {
    private final CachedCheck check;

    public KafkaHealthIndicator(PlatformAdmin admin, PlatformSettings settings) {
        Duration timeout = settings.health().kafka().timeout();
        Duration cache = settings.health().cache();
        this.check = new CachedCheck("kafka", cache, timeout, () -> {
            DescribeClusterResult cluster = admin.admin().describeCluster(
                    new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
            return cluster.clusterId().toCompletionStage().toCompletableFuture()
                    .thenCombine(cluster.nodes().toCompletionStage().toCompletableFuture(), (id, nodes) -> {
                        Map<String, Object> details = new LinkedHashMap<>();
                        details.put("clusterId", id);
                        details.put("brokers", nodes.size());
                        return details;
                    });
        }, Clock.systemUTC());
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.fromCompletableFuture(check::result);
    }
}
