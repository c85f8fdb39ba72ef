package io.govstream.governance.app;

import io.govstream.governance.GovernanceStreamsConfig;
import io.govstream.governance.GovernanceStreamsRunner;
import io.govstream.topology.Topics;
import io.govstream.governance.app.metrics.LedgerHeadProbe;
import io.govstream.governance.app.metrics.StoreGauges;
import io.govstream.governance.app.metrics.StreamsStateMetrics;
import io.govstream.policy.PolicySet;
import io.govstream.runtime.tracing.Tracing;
import io.govstream.runtime.KafkaClientSettings;
import io.govstream.runtime.PlatformAdmin;
import io.govstream.runtime.PlatformSettings;
import io.govstream.runtime.metrics.ConsumerLagProbe;
import io.govstream.schemas.registry.SchemaRegistryClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.Metric;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the governance topology from its settings ({@link ShippedTopology}, which {@code govctl bench}
 * builds it with too), runs it with exactly_once_v2, and reports the stream's state as readiness: UP only while
 * RUNNING. Binds the metrics of docs/observability.md: decisions (through the observer), the
 * Kafka Streams client, the stream state, consumer lag and the ledger head.
 */
@Singleton
@Readiness
public class GovernanceService implements HealthIndicator, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GovernanceService.class);

    private final GovernanceStreamsRunner runner;
    private final PolicySet policy;
    private final KafkaStreamsMetrics metrics;
    private final ConsumerLagProbe lag;
    private final LedgerHeadProbe ledgerHead;
    private final PlatformAdmin admin;
    private final Topics topics;
    private volatile Map<String, Object> lastFailure;

    public GovernanceService(KafkaClientSettings kafka, SchemaRegistryClient registry, Topics topics, MeterRegistry meters,
                             PlatformAdmin admin, Tracing tracing, GovernanceSettings settings, PlatformSettings platform) {
        Duration probeInterval = platform.metrics().probeInterval();
        this.admin = admin;
        this.topics = topics;
        GovernanceSettings.Ledger ledger = settings.ledger();
        ShippedTopology.Built built = ShippedTopology.build(new ShippedTopology.Inputs(topics,
                registry, kafka.with(Map.of()), meters,
                ShippedTopology.Keys.of(ledger.signingKey(), ledger.kek(), settings.commands().signingKey(), settings.votes().verifyKey()),
                settings.topology(), tracing));
        this.policy = built.policy();
        Properties properties = GovernanceStreamsConfig.properties(kafka.with(Map.of()), Path.of(settings.stateDir()),
                topics.deadLetters(), built.serdes().value(Topics.DEAD_LETTERS));
        this.runner = new GovernanceStreamsRunner(built.topology(), properties);
        runner.streams().setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.PENDING_ERROR) {
                Map<String, Object> failure = new LinkedHashMap<>();
                failure.put("failure", "Kafka Streams went from " + before + " to " + now + " (a stream thread failed)");
                failure.put("at", Instant.now().toString());
                lastFailure = Collections.unmodifiableMap(failure);
            }
        });
        this.metrics = new KafkaStreamsMetrics(runner.streams());
        this.metrics.bindTo(meters);
        new StreamsStateMetrics(runner::state).bindTo(meters);
        new StoreGauges(runner.streams()).bindTo(meters);
        this.lag = new ConsumerLagProbe(admin.admin(), properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG),
                List.of(topics.dispatchRequests()), probeInterval);
        this.lag.bindTo(meters);
        this.ledgerHead = new LedgerHeadProbe(admin.admin(), topics.ledger(), topics.ledgerCheckpoints(), probeInterval);
        this.ledgerHead.bindTo(meters);
    }

    /**
     * Delivering the event creates this bean, so the stream starts with the service's HTTP server, not when the first
     * health check asks for the bean (beans are created on first use).
     */
    @EventListener
    void onServerStartup(ServerStartupEvent event) {
        LOG.debug("{} started with the server", getClass().getSimpleName());
    }

    @PostConstruct
    void start() {
        List<String> problems = TaskPartitions.problems(admin.admin(), topics, Duration.ofSeconds(30));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("governance-streams cannot start: " + String.join("; ", problems));
        }
        LOG.info("starting governance-streams with policy set {} v{} ({})", policy.id(), policy.version(), policy.contentHash());
        runner.start();
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthStatus status = runner.state() == KafkaStreams.State.RUNNING ? HealthStatus.UP : HealthStatus.DOWN;
        return Publishers.just(HealthResult.builder("kafka-streams", status)
                .details(Map.of("state", runner.state().name(),
                        "policySet", policy.id() + " v" + policy.version(),
                        "policyHash", policy.contentHash()))
                .build());
    }

    /** The Kafka Streams client's state. */
    public KafkaStreams.State state() {
        return runner.state();
    }

    /** Stream threads that died and were not replaced ({@code failed-stream-threads} counts both). */
    public int failedStreamThreads() {
        for (Map.Entry<org.apache.kafka.common.MetricName, ? extends Metric> m : runner.streams().metrics().entrySet()) {
            if (m.getKey().name().equals("failed-stream-threads") && m.getValue().metricValue() instanceof Number n) {
                return n.intValue() - runner.replacedStreamThreads();
            }
        }
        return 0;
    }

    /** What last made the stream fail, or null. */
    public Map<String, Object> lastFailure() {
        return lastFailure;
    }

    @PreDestroy
    @Override
    public void close() {
        lag.close();
        ledgerHead.close();
        metrics.close();
        runner.close(Duration.ofSeconds(30));
    }
}
