package io.govstream.cli.approval;

import io.govstream.schemas.EventHeaders;
import io.govstream.cli.client.GovctlTrace;
import io.govstream.cli.client.RegistryClients;
import io.govstream.events.ApprovalDenied;
import io.govstream.events.ApprovalEvent;
import io.govstream.events.ApprovalGranted;
import io.govstream.events.Envelope;
import io.govstream.schemas.Envelopes;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Topics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a vote on an escalated request to the approvals topic, keyed by the request's
 * correlation id with the default partitioner, exactly as Orbit keys the request: with the same
 * partition count (the catalogue checks it) the vote reaches the streams task that parked it.
 */
public final class ApprovalPublisher {
    public static final String PRODUCER = "govctl";

    private final Map<String, Object> kafka;
    private final String topic;
    private final AvroSerde<ApprovalEvent> serde;

    public ApprovalPublisher(Map<String, Object> clientProperties, Topics topics, String registryUrl) {
        this.kafka = new LinkedHashMap<>(clientProperties);
        this.kafka.keySet().removeIf(k -> k.startsWith("schema.registry.") || k.equals("orbit.url") || k.equals("group.id"));
        this.topic = topics.approvals();
        this.serde = AvroSerde.forValue(ApprovalEvent.class, RegistryClients.of(clientProperties,
                Objects.requireNonNull(registryUrl, "no schema registry URL: set schema.registry.url in the client config")));
    }

    /** Sends the vote and waits until the broker has it; returns the vote's event id. */
    public String vote(String correlationId, String approver, String role, String comment, boolean granted)
            throws InterruptedException, ExecutionException {
        // govctl does not know the request's tenant; the ledger step takes the escalation's.
        Envelope envelope = Envelopes.newRequest(correlationId, Envelopes.PLACEHOLDER, PRODUCER, Instant.now(), GovctlTrace.traceparent());
        String eventId = envelope.getEventId();
        Object vote = granted
                ? ApprovalGranted.newBuilder().setEnvelope(envelope).setCorrelationId(correlationId).setApprover(approver)
                        .setRole(role).setComment(comment).build()
                : ApprovalDenied.newBuilder().setEnvelope(envelope).setCorrelationId(correlationId).setApprover(approver)
                        .setRole(role).setComment(comment).build();
        byte[] value = serde.serializer().serialize(topic, ApprovalEvent.newBuilder().setVote(vote).build());
        Map<String, Object> props = new LinkedHashMap<>(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, correlationId, value);
            EventHeaders.put(record.headers(), correlationId, envelope.getTraceparent());
            RecordMetadata sent = producer.send(record).get();
            return eventId + " (" + topic + "-" + sent.partition() + "@" + sent.offset() + ")";
        }
    }
}
