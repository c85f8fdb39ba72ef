package io.govstream.governance.routing;

import io.govstream.governance.stores.StoreEntries;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Sends each vote to the task that holds the escalation it votes on. Escalations are parked in the
 * task of their tenant; a vote names only the request's correlation id. This processor, keyed by
 * correlation id, keeps the route of every escalation ({@value #STORE}: correlation id → tenant and
 * deadline, written when it is parked) and re-keys each vote by that tenant. A route is kept until
 * {@link #GRACE} after its deadline, so a late vote still reaches the escalation's task and is
 * ledgered there as too late; after that, and for a vote on no escalation at all, the vote goes to
 * the task of {@link #NO_ESCALATION}, which ledgers it as ignored, as any task would.
 *
 * <p>A route is written in the transaction that writes the ESCALATE decision, so it is committed
 * before anyone can read that decision and vote. The first route of a correlation id stands until
 * it expires: within a tenant a reused id is refused before it escalates ({@code RequestIds}); a
 * reuse in another tenant escalates there, but its route is ignored, so it can never take the
 * first escalation's votes (it times out).
 */
final class VoteRouter extends ContextualProcessor<String, VoteRouter.Input, String, byte[]> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VoteRouter.class);
    static final String STORE = "escalation-routes";
    /** The routing key of votes on no pending escalation. */
    static final String NO_ESCALATION = "-";

    /** How long past its deadline a route is kept. */
    static final Duration GRACE = Duration.ofHours(1);
    /** How often expired routes are dropped (wall clock). */
    static final Duration EXPIRE_EVERY = Duration.ofMinutes(1);

    /** Either an escalation's route, encoded ({@link EscalationRoute#encode()}), or a vote's bytes. */
    record Input(String route, byte[] vote) {
        static Input route(String encodedRoute) {
            return new Input(encodedRoute, null);
        }

        static Input vote(byte[] vote) {
            return new Input(null, vote);
        }
    }

    private KeyValueStore<String, String> routes;

    static StoreBuilder<KeyValueStore<String, String>> store() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.String());
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        super.init(context);
        this.routes = context.getStateStore(STORE);
        context.schedule(EXPIRE_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> expire(Instant.ofEpochMilli(now)));
    }

    private void expire(Instant now) {
        StoreEntries.deleteIf(routes, (correlationId, route) -> EscalationRoute.decode(route).deadline().plus(GRACE).isBefore(now));
    }

    @Override
    public void process(Record<String, Input> record) {
        Input input = record.value();
        if (input.vote() == null) {
            String held = routes.get(record.key());
            if (held != null && !held.equals(input.route())) {
                // The first escalation under a correlation id keeps its votes: a later request that reused the id (in
                // another tenant's task, where it could not be refused) never takes them over.
                LOG.warn("Escalation {} already routes to another task: the later escalation under that id gets no votes", record.key());
                return;
            }
            routes.put(record.key(), input.route());
            return;
        }
        String route = routes.get(record.key());
        context().forward(record.withKey(route == null ? NO_ESCALATION : EscalationRoute.decode(route).tenant()).withValue(input.vote()));
    }
}
