package io.govstream.orbit.deployment;

import io.govstream.orbit.OrbitSettings;
import io.govstream.runtime.commands.EventSeal;
import io.govstream.events.deployment.DeploymentEvent;
import io.govstream.runtime.KafkaClientSettings;
import io.govstream.schemas.EventHeaders;
import io.govstream.schemas.registry.SchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeploymentSubmitter.class);
    private final KafkaProducer<String, byte[]> producer;
    private final org.apache.kafka.common.serialization.Serializer<DeploymentEvent> serializer;
    private final EventSeal.Sealer sealer;
    private final String topic;
    private final Duration sendTimeout;

    /** @param settings with Orbit's private seal keyset (as for votes): the gate counts only sealed events. Empty: none counts. */
    public DeploymentSubmitter(KafkaClientSettings kafka, SchemaRegistryClient registry, Topics topics,
                               OrbitSettings settings) {
        Duration sendTimeout = settings.sendTimeout();
        String sealKey = settings.events().signingKey();
        this.topic = topics.deployments();
        this.sendTimeout = sendTimeout;
        this.serializer = AvroSerde.forValue(DeploymentEvent.class, registry).serializer();
        if (sealKey.isBlank()) {
            LOG.warn("orbit.events.signing-key is not set: deployment events go out unsealed and the gate will not count them");
            this.sealer = null;
        } else {
            this.sealer = EventSeal.Sealer.fromFile(java.nio.file.Path.of(sealKey));
        }
        this.producer = new KafkaProducer<>(kafka.with(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "orbit-deployments")),
                new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
    }

    /** Sends and waits until the broker has it. */
    public void submit(String service, String correlationId, String traceparent, DeploymentEvent event) {
        byte[] value = serializer.serialize(topic, event);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, service, value);
        EventHeaders.put(record.headers(), correlationId, traceparent);
        if (sealer != null) {
            sealer.seal(record.headers(), topic, value);
        }
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
