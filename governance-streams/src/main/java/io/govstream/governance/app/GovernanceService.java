package io.govstream.governance.app;

import io.govstream.governance.GovernanceSerdes;
import io.govstream.governance.GovernanceStreamsConfig;
import io.govstream.governance.GovernanceStreamsRunner;
import io.govstream.governance.GovernanceTopics;
import io.govstream.governance.GovernanceTopology;
import io.govstream.governance.policy.PolicyLoader;
import io.govstream.governance.policy.PolicySet;
import io.govstream.governance.policy.PolicySource;
import io.govstream.runtime.KafkaClientSettings;
import io.govstream.schemas.registry.SchemaRegistryClient;
import io.govstream.topology.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.Topology;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the governance topology (a pure function of topics, serdes and policies), runs it
 * with exactly_once_v2, and reports the stream's state as readiness: UP only while RUNNING.
 */
@Singleton
@Readiness
public class GovernanceService implements HealthIndicator, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GovernanceService.class);

    private final GovernanceStreamsRunner runner;
    private final PolicySet policy;
    private final KafkaStreamsMetrics metrics;

    public GovernanceService(KafkaClientSettings kafka, SchemaRegistryClient registry, Topics topics, MeterRegistry meters,
                             @Value("${governance.state-dir}") String stateDir,
                             @Value("${governance.policy-file:}") String policyFile) {
        this.policy = policyFile.isBlank() ? PolicyLoader.loadDefault() : PolicyLoader.load(Path.of(policyFile));
        GovernanceSerdes serdes = GovernanceSerdes.avro(registry);
        Topology topology = GovernanceTopology.build(GovernanceTopics.from(topics), serdes, PolicySource.fixed(policy));
        Properties properties = GovernanceStreamsConfig.properties(kafka.with(Map.of()), Path.of(stateDir),
                topics.deadLetters(), serdes.deadLetters());
        this.runner = new GovernanceStreamsRunner(topology, properties);
        this.metrics = new KafkaStreamsMetrics(runner.streams());
        this.metrics.bindTo(meters);
        LOG.info("governance topology:\n{}", runner.describeTopology());
    }

    @PostConstruct
    void start() {
        LOG.info("starting governance-streams with policy set {} v{} ({})", policy.id(), policy.version(), policy.contentHash());
        runner.start();
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthStatus status = runner.isRunning() ? HealthStatus.UP : HealthStatus.DOWN;
        return Publishers.just(HealthResult.builder("kafka-streams", status)
                .details(Map.of("state", runner.state().name(),
                        "policySet", policy.id() + " v" + policy.version(),
                        "policyHash", policy.contentHash()))
                .build());
    }

    @PreDestroy
    @Override
    public void close() {
        metrics.close();
        runner.close(Duration.ofSeconds(30));
    }
}
