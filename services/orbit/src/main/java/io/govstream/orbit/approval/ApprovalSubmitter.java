package io.govstream.orbit.approval;

import io.govstream.events.ApprovalDenied;
import io.govstream.events.ApprovalEvent;
import io.govstream.events.ApprovalGranted;
import io.govstream.events.Envelope;
import io.govstream.runtime.KafkaClientSettings;
import io.govstream.runtime.KafkaHeaders;
import io.govstream.schemas.registry.SchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Topics;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes votes to the approvals topic keyed by the escalated request's correlation id, as
 * Orbit keys the request (and as {@code govctl approve} does): with the same partition count the
 * vote reaches the streams task that parked the request, which ledgers it on that chain.
 */
@Singleton
public class ApprovalSubmitter implements AutoCloseable {
    static final String PRODUCER = "orbit";
    private final KafkaProducer<String, ApprovalEvent> producer;
    private final String topic;
    private final Duration sendTimeout;

    public ApprovalSubmitter(KafkaClientSettings kafka, SchemaRegistryClient registry, Topics topics,
                             @Value("${orbit.send-timeout:10s}") Duration sendTimeout) {
        this.topic = topics.approvals();
        this.sendTimeout = sendTimeout;
        this.producer = new KafkaProducer<>(kafka.with(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.CLIENT_ID_CONFIG, "orbit-approvals")),
                new StringSerializer(), AvroSerde.forValue(ApprovalEvent.class, registry).serializer());
    }

    /** Publishes the vote once the broker has it; returns the vote's event id. */
    public String submit(VoteForm vote, boolean granted, String traceparent) {
        String eventId = UUID.randomUUID().toString();
        String trace = KafkaHeaders.childOf(traceparent);
        Envelope envelope = Envelope.newBuilder()
                .setEventId(eventId)
                .setCorrelationId(vote.correlationId())
                .setCausationId(eventId)
                .setTenant("-") // the vote does not know the request's tenant; the ledger step takes the escalation's
                .setOccurredAt(Instant.now())
                .setProducer(PRODUCER)
                .setTraceparent(trace)
                .build();
        Object cast = granted
                ? ApprovalGranted.newBuilder().setEnvelope(envelope).setCorrelationId(vote.correlationId())
                        .setApprover(vote.approver()).setRole(vote.role()).setComment(vote.comment()).build()
                : ApprovalDenied.newBuilder().setEnvelope(envelope).setCorrelationId(vote.correlationId())
                        .setApprover(vote.approver()).setRole(vote.role()).setComment(vote.comment()).build();
        ProducerRecord<String, ApprovalEvent> record = new ProducerRecord<>(topic, vote.correlationId(),
                ApprovalEvent.newBuilder().setVote(cast).build());
        KafkaHeaders.put(record.headers(), vote.correlationId(), trace);
        try {
            producer.send(record).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing a vote on " + vote.correlationId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish a vote on " + vote.correlationId() + " to " + topic + ": "
                    + (e.getCause() == null ? e : e.getCause()), e);
        }
        return eventId;
    }

    @PreDestroy
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
