package io.govstream.governance.routing;

import io.govstream.events.ApprovalDenied;
import io.govstream.events.ApprovalEvent;
import io.govstream.events.ApprovalGranted;
import io.govstream.events.DispatchRequested;
import io.govstream.governance.deadletter.Decoded;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Routing by scope, inside the topology: whatever key a producer chose, a request is decided in
 * the task of its tenant, where every count a rule can read about that tenant is kept (rate
 * windows, daily counts, recent denials, per subject or not). Every stateful count is therefore
 * exact at any partition count: all the records it covers meet in one task. The decision, the
 * state change and the ledger entry stay in that task's transaction.
 *
 * <p>Requests cross one named repartition topic ({@value #REQUESTS_BY_TENANT}) as the bytes they
 * arrived as, and are decoded again on the other side (no second encoding, no second schema).
 * Votes name only the correlation id of the escalated request: they go by correlation id to the
 * {@link VoteRouter}, which knows each escalation's tenant, and from there to the tenant's task.
 * Every repartition topic has the partition count of the requests topic (Streams derives it), so
 * the routed streams stay co-partitioned with the copies of policies, flags and erasures every task
 * holds ({@link Broadcast}).
 *
 * <p>The price: one more write and read per request, and one tenant's requests are decided by one
 * task (a tenant is bounded by what one stream thread decides; docs/benchmarks.md measures it).
 */
public final class ScopeRouting {
    public static final String KEY_REQUEST_BY_TENANT = "key-request-by-tenant";
    public static final String KEY_EXTERNAL_REQUEST_BY_TENANT = "key-external-request-by-tenant";
    public static final String REQUEST_CHANNELS = "request-channels";
    public static final String STAMP_PROVENANCE = "stamp-provenance";
    /** Repartition topic {@code <application.id>-dispatch-by-tenant-repartition}. */
    public static final String REQUESTS_BY_TENANT = "dispatch-by-tenant";
    public static final String DECODE_ROUTED_REQUEST = "decode-routed-request";
    public static final String ROUTE_OF_ESCALATION = "route-of-escalation";
    /** Repartition topic of escalation routes, keyed by correlation id. */
    public static final String ESCALATION_ROUTES = "escalation-routes";
    public static final String KEY_VOTE_BY_REQUEST = "key-vote-by-request";
    /** Repartition topic of votes keyed by the correlation id they vote on. */
    public static final String VOTES_BY_REQUEST = "approvals-by-request";
    public static final String ROUTE_VOTE = "route-vote";
    /** Repartition topic of votes keyed by the tenant of their escalation. */
    public static final String VOTES_BY_TENANT = "approvals-by-tenant";
    public static final String DECODE_ROUTED_VOTE = "decode-routed-vote";

    private ScopeRouting() {
    }

    /** The key a request is routed by: its tenant. Every stateful scope contains the tenant. */
    public static String scopeKey(DispatchRequested request) {
        String tenant = request.getEnvelope() == null ? null : request.getEnvelope().getTenant();
        return tenant == null ? "" : tenant;
    }

    /**
     * Decoded requests of both channels, in the task of their tenant, keyed by tenant, their facts
     * stamped by the channel they arrived on ({@link Provenance}).
     *
     * @param orbit    requests from the topic only Orbit writes
     * @param external requests from the topic clients outside the platform write
     */
    public static KStream<String, DispatchRequested> requestsByTenant(KStream<byte[], Decoded<DispatchRequested>> orbit,
                                                                      KStream<byte[], Decoded<DispatchRequested>> external,
                                                                      Deserializer<DispatchRequested> deserializer) {
        KStream<String, byte[]> fromOrbit = orbit.process(() -> new ChannelKeyer(Provenance.ORBIT), Named.as(KEY_REQUEST_BY_TENANT));
        KStream<String, byte[]> fromOutside = external.process(() -> new ChannelKeyer(Provenance.EXTERNAL_SOURCE),
                Named.as(KEY_EXTERNAL_REQUEST_BY_TENANT));
        return fromOrbit.merge(fromOutside, Named.as(REQUEST_CHANNELS))
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(REQUESTS_BY_TENANT))
                .processValues(() -> new RoutedDecoder<>(deserializer), Named.as(DECODE_ROUTED_REQUEST))
                .processValues(StampProvenance::new, Named.as(STAMP_PROVENANCE));
    }

    /** Keys a decoded request by the tenant it is decided in and marks its channel; forwards its bytes as they arrived. */
    private static final class ChannelKeyer extends ContextualProcessor<byte[], Decoded<DispatchRequested>, String, byte[]> {
        private final String channel;

        ChannelKeyer(String channel) {
            this.channel = channel;
        }

        @Override
        public void process(Record<byte[], Decoded<DispatchRequested>> record) {
            Record<String, byte[]> out = record.withKey(Provenance.scope(channel, record.value().value()))
                    .withValue(record.value().rawValue());
            Provenance.mark(out.headers(), channel);
            context().forward(out);
        }
    }

    /** Stamps a routed request's facts from its channel and drops the channel header. */
    private static final class StampProvenance extends ContextualFixedKeyProcessor<String, DispatchRequested, DispatchRequested> {
        @Override
        public void process(FixedKeyRecord<String, DispatchRequested> record) {
            String channel = Provenance.channel(record.headers());
            record.headers().remove(Provenance.HEADER);
            context().forward(record.withValue(Provenance.stamp(record.value(), channel)));
        }
    }

    /**
     * Votes, in the task of the tenant of the escalation they vote on, keyed by that tenant.
     *
     * @param decoded the decoded votes, keyed as their producer chose
     * @param routes  one route per parked escalation, keyed by its correlation id
     */
    public static KStream<String, ApprovalEvent> votesByTenant(StreamsBuilder builder, KStream<byte[], Decoded<ApprovalEvent>> decoded,
                                                              KStream<String, EscalationRoute> routes,
                                                              Deserializer<ApprovalEvent> deserializer) {
        builder.addStateStore(VoteRouter.store());
        KStream<String, VoteRouter.Input> routeInputs = routes
                .mapValues(EscalationRoute::encode, Named.as(ESCALATION_ROUTES + "-encode"))
                .repartition(Repartitioned.with(Serdes.String(), Serdes.String()).withName(ESCALATION_ROUTES))
                .mapValues(VoteRouter.Input::route, Named.as(ROUTE_OF_ESCALATION));
        KStream<String, VoteRouter.Input> voteInputs = decoded
                .map((key, vote) -> KeyValue.pair(correlationIdOf(vote.value()), vote.rawValue()), Named.as(KEY_VOTE_BY_REQUEST))
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(VOTES_BY_REQUEST))
                .mapValues(VoteRouter.Input::vote, Named.as(VOTES_BY_REQUEST + "-input"));
        return voteInputs.merge(routeInputs, Named.as(ROUTE_VOTE + "-inputs"))
                .process(VoteRouter::new, Named.as(ROUTE_VOTE), VoteRouter.STORE)
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(VOTES_BY_TENANT))
                .processValues(() -> new RoutedDecoder<>(deserializer), Named.as(DECODE_ROUTED_VOTE));
    }

    static String correlationIdOf(ApprovalEvent event) {
        Object vote = event.getVote();
        if (vote instanceof ApprovalGranted granted) {
            return granted.getCorrelationId();
        }
        return ((ApprovalDenied) vote).getCorrelationId();
    }
}
