package io.govstream.orbit.approval;

import io.govstream.orbit.OrbitSettings;
import io.govstream.orbit.SealedPublisher;
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
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Publishes votes to the approvals topic keyed by the escalated request's correlation id, as
 * Orbit keys the request (and as {@code govctl approve} does): with the same partition count the
 * vote reaches the streams task that parked the request, which ledgers it on that chain.
 */
@Singleton
public class ApprovalSubmitter implements AutoCloseable {
    static final String PRODUCER = "orbit";
    private final SealedPublisher<ApprovalEvent> publisher;

    /**
     * @param settings with Orbit's private seal keyset ({@code orbit.events.signing-key}): every vote is sealed with it
     *                 after the voter's token was checked, and governance-streams counts only sealed votes. Empty: votes
     *                 go out unsealed and never count.
     */
    public ApprovalSubmitter(KafkaClientSettings kafka, SchemaRegistryClient registry, Topics topics,
                             OrbitSettings settings) {
        this.publisher = new SealedPublisher<>(kafka, AvroSerde.forValue(ApprovalEvent.class, registry).serializer(),
                topics.approvals(), settings, Map.of(ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.CLIENT_ID_CONFIG, "orbit-approvals"),
                ApprovalSubmitter.class, "votes go out unsealed and governance-streams will not count them");
    }

    /**
     * Publishes the vote once the broker has it; returns the vote's event id.
     *
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
        publisher.publish(vote.correlationId(), vote.correlationId(), trace, ApprovalEvent.newBuilder().setVote(cast).build(),
                "a vote on " + vote.correlationId());
        return eventId;
    }

    @PreDestroy
    @Override
    public void close() {
        publisher.close();
    }
}
