package io.govstream.orbit.approval;

import io.govstream.orbit.OrbitSettings;
import io.govstream.runtime.commands.EventSeal;
import io.govstream.events.ApprovalDenied;
import io.govstream.events.ApprovalEvent;
import io.govstream.events.ApprovalGranted;
import io.govstream.events.Envelope;
import io.govstream.runtime.KafkaClientSettings;
import io.govstream.schemas.EventHeaders;
import io.govstream.schemas.Envelopes;
import io.govstream.schemas.registry.SchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApprovalSubmitter.class);
    private final KafkaProducer<String, byte[]> producer;
    private final org.apache.kafka.common.serialization.Serializer<ApprovalEvent> serializer;
    private final EventSeal.Sealer sealer;
    private final String topic;
    private final Duration sendTimeout;

    /**
     * @param settings with Orbit's private seal keyset ({@code orbit.events.signing-key}): every vote is sealed with it
     *                 after the voter's token was checked, and governance-streams counts only sealed votes. Empty: votes
     *                 go out unsealed and never count.
     */
    public ApprovalSubmitter(KafkaClientSettings kafka, SchemaRegistryClient registry, Topics topics,
                             OrbitSettings settings) {
        Duration sendTimeout = settings.sendTimeout();
        String sealKey = settings.events().signingKey();
        this.topic = topics.approvals();
        this.sendTimeout = sendTimeout;
        this.serializer = AvroSerde.forValue(ApprovalEvent.class, registry).serializer();
        if (sealKey.isBlank()) {
            LOG.warn("orbit.events.signing-key is not set: votes go out unsealed and governance-streams will not count them");
            this.sealer = null;
        } else {
            this.sealer = EventSeal.Sealer.fromFile(java.nio.file.Path.of(sealKey));
        }
        this.producer = new KafkaProducer<>(kafka.with(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.CLIENT_ID_CONFIG, "orbit-approvals")),
                new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
    }

    /** Publishes the vote once the broker has it; returns the vote's event id. */
    /**
     * @param authenticatedBy how the voter was authenticated (recorded in the vote and the ledger)
     */
    public String submit(VoteForm vote, boolean granted, String traceparent, String authenticatedBy, java.util.List<String> voterTenants) {
        String trace = EventHeaders.childOf(traceparent);
        // The vote does not know the request's tenant; the ledger step takes the escalation's.
        Envelope envelope = Envelopes.newRequest(vote.correlationId(), Envelopes.PLACEHOLDER, PRODUCER, Instant.now(), trace);
        String eventId = envelope.getEventId();
        Object cast = granted
                ? ApprovalGranted.newBuilder().setEnvelope(envelope).setCorrelationId(vote.correlationId())
                        .setApprover(vote.approver()).setRole(vote.role()).setComment(vote.comment())
                        .setAuthenticatedBy(authenticatedBy).setVoterTenants(java.util.List.copyOf(voterTenants)).build()
                : ApprovalDenied.newBuilder().setEnvelope(envelope).setCorrelationId(vote.correlationId())
                        .setApprover(vote.approver()).setRole(vote.role()).setComment(vote.comment())
                        .setAuthenticatedBy(authenticatedBy).setVoterTenants(java.util.List.copyOf(voterTenants)).build();
        byte[] value = serializer.serialize(topic, ApprovalEvent.newBuilder().setVote(cast).build());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, vote.correlationId(), value);
        EventHeaders.put(record.headers(), vote.correlationId(), trace);
        if (sealer != null) {
            sealer.seal(record.headers(), topic, value);
        }
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
