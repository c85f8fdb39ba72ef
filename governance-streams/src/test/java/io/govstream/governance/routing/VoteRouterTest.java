package io.govstream.governance.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vote router in isolation, with Kafka's own {@link MockProcessorContext}: an escalation parked
 * under a correlation id another tenant's task already escalated (only possible across tasks, where
 * no single store sees both) never takes over the first escalation's votes.
 */
class VoteRouterTest {
    private static final Instant DEADLINE = Instant.parse("2026-03-01T13:00:00Z");
    private final MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
    private final VoteRouter router = new VoteRouter();

    @BeforeEach
    void setUp() {
        KeyValueStore<String, String> store = VoteRouter.store().withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        router.init(context);
    }

    @Test
    void givenAnEscalationOfAcme_whenAnotherTenantEscalatesUnderTheSameId_thenVotesStillGoToAcme() {
        router.process(new Record<>("c-1", VoteRouter.Input.route(new EscalationRoute("acme", DEADLINE).encode()), 0L));
        router.process(new Record<>("c-1", VoteRouter.Input.route(new EscalationRoute(Provenance.EXTERNAL_TENANT, DEADLINE).encode()), 1L));

        router.process(new Record<>("c-1", VoteRouter.Input.vote("vote".getBytes(StandardCharsets.UTF_8)), 2L));

        List<String> routedTo = context.forwarded().stream().map(f -> (String) f.record().key()).toList();
        assertThat(routedTo).containsExactly("acme");
    }

    @Test
    void givenNoEscalation_whenAVoteArrives_thenItGoesToTheNoEscalationTask() {
        router.process(new Record<>("c-2", VoteRouter.Input.vote("vote".getBytes(StandardCharsets.UTF_8)), 0L));

        assertThat(context.forwarded()).singleElement().satisfies(f -> assertThat(f.record().key()).isEqualTo(VoteRouter.NO_ESCALATION));
    }
}
