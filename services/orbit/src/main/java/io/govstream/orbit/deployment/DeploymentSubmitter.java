package io.govstream.orbit.deployment;

import io.govstream.events.deployment.DeploymentEvent;
import io.govstream.runtime.KafkaClientSettings;
import io.govstream.runtime.KafkaHeaders;
import io.govstream.schemas.registry.SchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import io.micronaut.context.annotation.Value;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes deployment events to the deployments topic, keyed by service (the gate's partitioning). */
@Singleton
public class DeploymentSubmitter implements AutoCloseable {
    private final KafkaProducer<String, DeploymentEvent> producer;
    private final String topic;
    private final Duration sendTimeout;

    public DeploymentSubmitter(KafkaClientSettings kafka, SchemaRegistryClient registry, Topics topics,
                               @Value("${orbit.send-timeout:10s}") Duration sendTimeout) {
        this.topic = topics.deployments();
        this.sendTimeout = sendTimeout;
        this.producer = new KafkaProducer<>(kafka.with(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "orbit-deployments")),
                new StringSerializer(), AvroSerde.forValue(DeploymentEvent.class, registry).serializer());
    }

    /** Sends and waits until the broker has it. */
    public void submit(String service, String correlationId, String traceparent, DeploymentEvent event) {
        ProducerRecord<String, DeploymentEvent> record = new ProducerRecord<>(topic, service, event);
        KafkaHeaders.put(record.headers(), correlationId, traceparent);
        try {
            producer.send(record).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing a deployment event of " + service, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish a deployment event of " + service + " to " + topic + ": "
                    + (e.getCause() == null ? e : e.getCause()), e);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
