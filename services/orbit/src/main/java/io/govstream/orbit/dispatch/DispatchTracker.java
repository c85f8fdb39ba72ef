package io.govstream.orbit.dispatch;

import io.govstream.orbit.OrbitSettings;
import io.govstream.events.DispatchResult;
import io.govstream.events.GovernanceDecision;
import io.govstream.runtime.KafkaClientSettings;
import io.govstream.runtime.ReadinessGate;
import io.govstream.runtime.health.Watchdog;
import io.govstream.runtime.logging.EventMdc;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.govstream.schemas.registry.SchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Topics;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orbit's view of every dispatch: it reads all partitions of the decisions and results
 * topics (read_committed, no consumer group, so every Orbit instance can answer for any
 * request) from {@code orbit.lookback} ago, and keeps the newest {@code orbit.tracked-max}
 * dispatches in memory.
 */
@Singleton
@Readiness
public class DispatchTracker implements HealthIndicator, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DispatchTracker.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroSerde<GovernanceDecision> decisions;
    private final AvroSerde<DispatchResult> results;
    private final String decisionsTopic;
    private final String resultsTopic;
    private final Duration lookback;
    private final Map<String, DispatchView> views;
    private final Map<String, List<CompletableFuture<DispatchView>>> waiters = new HashMap<>();
    private final ReadinessGate ready = new ReadinessGate("dispatch-tracker");
    private final Thread thread;
    private final Watchdog.Heartbeat heartbeat;
    private final KafkaClientMetrics consumerMetrics;
    private volatile boolean running = true;

    public DispatchTracker(KafkaClientSettings kafka, SchemaRegistryClient registry, Topics topics,
                           Watchdog watchdog, MeterRegistry meters,
                           OrbitSettings settings) {
        int trackedMax = settings.trackedMax();
        this.decisionsTopic = topics.decisions();
        this.resultsTopic = topics.dispatchResults();
        this.lookback = settings.lookback();
        this.decisions = AvroSerde.forValue(GovernanceDecision.class, registry, false);
        this.results = AvroSerde.forValue(DispatchResult.class, registry, false);
        this.views = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, DispatchView> eldest) {
                return size() > trackedMax;
            }
        };
        this.consumer = new KafkaConsumer<>(kafka.with(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "orbit-tracker")),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.consumerMetrics = new KafkaClientMetrics(consumer);
        this.consumerMetrics.bindTo(meters);
        Gauge.builder("orbit.dispatch.waiting", this, DispatchTracker::waiting)
                .description("GET /dispatch/{id}?wait= requests waiting for their dispatch to end").register(meters);
        this.heartbeat = watchdog.register("orbit-dispatch-tracker");
        this.thread = new Thread(this::run, "orbit-dispatch-tracker");
        this.thread.setDaemon(true);
    }

    @PostConstruct
    void start() {
        thread.start();
    }

    /** Records a dispatch this instance has just submitted, so it reads PENDING at once. */
    public synchronized void submitted(String correlationId, String tenant) {
        views.putIfAbsent(correlationId, DispatchView.pending(correlationId, tenant));
    }

    public synchronized Optional<DispatchView> get(String correlationId) {
        return Optional.ofNullable(views.get(correlationId));
    }

    /** Completes with the dispatch once it is final, or with its state when {@code wait} runs out. */
    public synchronized CompletableFuture<Optional<DispatchView>> await(String correlationId, Duration wait) {
        DispatchView now = views.get(correlationId);
        if (now != null && now.status().isFinal() || wait.isZero()) {
            return CompletableFuture.completedFuture(Optional.ofNullable(now));
        }
        CompletableFuture<DispatchView> done = new CompletableFuture<>();
        waiters.computeIfAbsent(correlationId, k -> new ArrayList<>()).add(done);
        // No longer waiting before the answer goes out, also when the wait runs out: a callback registered on done beside
        // the answer's ran after it (a completed future runs its callbacks last registered first).
        return done.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((view, error) -> stopWaiting(correlationId, done))
                .thenApply(view -> Optional.ofNullable(view).or(() -> get(correlationId)));
    }

    private synchronized void stopWaiting(String correlationId, CompletableFuture<DispatchView> waiter) {
        List<CompletableFuture<DispatchView>> waiting = waiters.get(correlationId);
        if (waiting != null && waiting.remove(waiter) && waiting.isEmpty()) {
            waiters.remove(correlationId);
        }
    }

    private synchronized int waiting() {
        return waiters.values().stream().mapToInt(List::size).sum();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(decisionsTopic, resultsTopic)) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            KafkaClientSettings.seekWithin(consumer, partitions, lookback);
            ready.up("reading " + partitions.size() + " partitions");
            while (running) {
                heartbeat.beat();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
            }
            heartbeat.stop();
        } catch (WakeupException e) {
            if (running) {
                ready.down("consumer woken up unexpectedly: " + e);
                heartbeat.died("consumer woken up unexpectedly");
            } else {
                heartbeat.stop();
            }
        } catch (RuntimeException e) {
            LOG.error("Dispatch tracker stopped: {}", e.toString(), e);
            ready.down("stopped: " + e);
            heartbeat.died(e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.topic().equals(decisionsTopic)) {
                GovernanceDecision decision = decisions.decodeEvent(record.topic(), record.value());
                try (EventMdc mdc = EventMdc.of(decision.getEnvelope())) {
                    LOG.debug("Decision {} by rule {}", decision.getEffect(), decision.getRuleId());
                    if (!DispatchViews.decidesOrbitsRequest(decision)) {
                        // A decision on someone else's request under this id (an external client's, or a refused reuse).
                        LOG.info("Ignoring decision {} by rule {}: not on a request Orbit sent", decision.getEffect(), decision.getRuleId());
                        return;
                    }
                    update(decision.getEnvelope().getCorrelationId(), DispatchViews.withDecision(decision));
                }
            } else {
                DispatchResult result = results.decodeEvent(record.topic(), record.value());
                try (EventMdc mdc = EventMdc.of(result.getEnvelope())) {
                    LOG.debug("Result {} from worker {}", result.getStatus(), result.getWorker());
                    update(result.getEnvelope().getCorrelationId(), DispatchViews.withResult(result));
                }
            }
        } catch (SerializationException e) {
            LOG.warn("Skipping undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    private void update(String correlationId, java.util.function.UnaryOperator<DispatchView> change) {
        List<CompletableFuture<DispatchView>> done = null;
        DispatchView updated;
        synchronized (this) {
            updated = change.apply(views.getOrDefault(correlationId, DispatchView.pending(correlationId, null)));
            views.put(correlationId, updated);
            if (updated.status().isFinal()) {
                done = waiters.remove(correlationId);
            }
        }
        if (done != null) {
            done.forEach(f -> f.complete(updated));
        }
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(ready.result());
    }

    @PreDestroy
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10).toMillis());
        consumerMetrics.close();
    }
}
