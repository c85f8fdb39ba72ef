package io.govstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.Envelope;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EnvelopesTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final Envelope REQUEST = Envelopes.origin("e-1", "c-1", "acme", "orbit", NOW, TRACE);

    @Test
    void givenANewRequest_whenMade_thenItIsItsOwnCauseUnderTheGivenCorrelation() {
        Envelope request = Envelopes.newRequest("c-7", "acme", "orbit", NOW, TRACE);

        assertThat(request.getEventId()).isNotBlank().isNotEqualTo("c-7");
        assertThat(request.getCausationId()).isEqualTo(request.getEventId());
        assertThat(request.getCorrelationId()).isEqualTo("c-7");
        assertThat(request.getTenant()).isEqualTo("acme");
        assertThat(request.getProducer()).isEqualTo("orbit");
        assertThat(request.getOccurredAt()).isEqualTo(NOW);
        assertThat(request.getTraceparent()).isEqualTo(TRACE);
        assertThat(Envelopes.newRequest("c-7", "acme", "orbit", NOW, TRACE).getEventId()).isNotEqualTo(request.getEventId());
    }

    @Test
    void givenANewCorrelation_whenMade_thenEventCorrelationAndCausationAreOneId() {
        Envelope publication = Envelopes.newCorrelation("*", "govctl", NOW, null);

        assertThat(publication.getCorrelationId()).isEqualTo(publication.getEventId());
        assertThat(publication.getCausationId()).isEqualTo(publication.getEventId());
        assertThat(publication.getTraceparent()).isNull();
    }

    @Test
    void givenACause_whenAnEventIsDerived_thenItKeepsCorrelationTenantAndTraceAndNamesTheCause() {
        Envelope fact = Envelopes.causedBy(REQUEST, "e-2", "governance-streams", NOW.plusSeconds(1));

        assertThat(fact.getEventId()).isEqualTo("e-2");
        assertThat(fact.getCorrelationId()).isEqualTo("c-1");
        assertThat(fact.getCausationId()).isEqualTo("e-1");
        assertThat(fact.getTenant()).isEqualTo("acme");
        assertThat(fact.getProducer()).isEqualTo("governance-streams");
        assertThat(fact.getOccurredAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(fact.getTraceparent()).isEqualTo(TRACE);
        assertThat(Envelopes.causedBy(REQUEST, "e-3", "*", "governance-streams", NOW).getTenant()).isEqualTo("*");
    }

    @Test
    void givenANewHop_whenItsEventIsDerived_thenItCarriesTheHopsTraceparent() {
        String hop = EventHeaders.childOf(TRACE);

        Envelope result = Envelopes.nextHop(REQUEST, "e-4", "axon", NOW, hop);

        assertThat(result.getTraceparent()).isEqualTo(hop);
        assertThat(result.getCausationId()).isEqualTo("e-1");
        assertThat(result.getCorrelationId()).isEqualTo("c-1");
    }

    @Test
    void givenACauseWithoutCorrelationId_whenDerived_thenTheCausesEventIdOrElseItsOwnIsTheCorrelation() {
        Envelope anonymous = Envelopes.origin("e-9", "", "", "external", NOW, null);
        Envelope blank = Envelopes.origin("", " ", "", "external", NOW, null);

        assertThat(Envelopes.causedBy(anonymous, "d-1", "governance-streams", NOW).getCorrelationId()).isEqualTo("e-9");
        assertThat(Envelopes.causedBy(blank, "d-2", "governance-streams", NOW).getCorrelationId()).isEqualTo("d-2");
        assertThat(Envelopes.causedBy(blank, "d-2", "governance-streams", NOW).getCausationId()).isEmpty();
    }

    @Test
    void givenADecision_whenItsCommandIsMade_thenOnlyTheEventIdAndCauseChange() {
        Envelope decision = Envelopes.causedBy(REQUEST, "d-1", "governance-streams", NOW);

        Envelope command = Envelopes.commandOf(decision, "cmd-1");

        assertThat(command.getEventId()).isEqualTo("cmd-1");
        assertThat(command.getCausationId()).isEqualTo("d-1");
        assertThat(command).usingRecursiveComparison().ignoringFields("eventId", "causationId").isEqualTo(decision);
    }

    @Test
    void givenADraft_whenMade_thenItsIdsArePlaceholders() {
        Envelope draft = Envelopes.draft("acme", "govctl", NOW);

        assertThat(draft.getEventId()).isEqualTo(Envelopes.PLACEHOLDER);
        assertThat(draft.getCorrelationId()).isEqualTo(Envelopes.PLACEHOLDER);
        assertThat(draft.getCausationId()).isEqualTo(Envelopes.PLACEHOLDER);
        assertThat(draft.getTenant()).isEqualTo("acme");
        assertThat(draft.getTraceparent()).isNull();
    }
}
