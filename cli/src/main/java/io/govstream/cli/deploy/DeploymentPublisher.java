package io.govstream.cli.deploy;

import io.govstream.cli.platform.RegistryClients;
import io.govstream.events.Envelope;
import io.govstream.events.deployment.DeploymentEvent;
import io.govstream.schemas.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes deployment events to the deployments topic, keyed by service with the default
 * partitioner: the streams task of that partition keeps the service's gates and ledgers on the
 * chain of the same number.
 */
public final class DeploymentPublisher {
    public static final String PRODUCER = "govctl";

    private final Map<String, Object> kafka;
    private final String topic;
    private final AvroSerde<DeploymentEvent> serde;

    public DeploymentPublisher(Map<String, Object> clientProperties, String topic, String registryUrl) {
        this.kafka = new LinkedHashMap<>(clientProperties);
        this.kafka.keySet().removeIf(k -> k.startsWith("schema.registry.") || k.equals("orbit.url") || k.equals("group.id"));
        this.topic = Objects.requireNonNull(topic, "topic");
        this.serde = AvroSerde.forValue(DeploymentEvent.class, RegistryClients.of(clientProperties,
                Objects.requireNonNull(registryUrl, "no schema registry URL: set schema.registry.url in the client config")));
    }

    /** What was sent and where. */
    public record Sent(String eventId, String correlationId, int partition, long offset) {
        @Override
        public String toString() {
            return "event " + eventId + " (correlation " + correlationId + ", partition " + partition + " @" + offset + ")";
        }
    }

    /**
     * Sends one event and waits until the broker has it.
     *
     * @param correlationId the correlation id, or null for a new one
     * @param event         builds the event from its envelope
     */
    public Sent publish(String service, String tenant, String correlationId, Function<Envelope, Object> event) throws Exception {
        String eventId = UUID.randomUUID().toString();
        String correlation = correlationId == null ? eventId : correlationId;
        Envelope envelope = Envelope.newBuilder()
                .setEventId(eventId)
                .setCorrelationId(correlation)
                .setCausationId(eventId)
                .setTenant(tenant)
                .setOccurredAt(Instant.now())
                .setProducer(PRODUCER)
                .build();
        byte[] value = serde.serializer().serialize(topic, DeploymentEvent.newBuilder().setEvent(event.apply(envelope)).build());
        Map<String, Object> props = new LinkedHashMap<>(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, service, value);
            record.headers().add("correlation-id", correlation.getBytes(StandardCharsets.UTF_8));
            RecordMetadata sent = producer.send(record).get();
            return new Sent(eventId, correlation, sent.partition(), sent.offset());
        }
    }
}
