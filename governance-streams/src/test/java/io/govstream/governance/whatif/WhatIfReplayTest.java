package io.govstream.governance.whatif;

import io.govstream.policy.whatif.WhatIfReport;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.FlagChange;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.events.LedgerEntryKind;
import io.govstream.governance.CandidateSets;
import io.govstream.governance.Requests;
import io.govstream.governance.dispatch.Decided;
import io.govstream.governance.dispatch.DispatchDecider;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySet;
import io.govstream.ledger.LedgerFact;
import io.govstream.ledger.export.ExportRow;
import io.govstream.ledger.gdpr.PersonalFields;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Replaying recorded decisions through a candidate: grouping, what is skipped and why, rebuilt state. */
class WhatIfReplayTest {
    private static final PolicySet SHIPPED = PolicyLoader.loadDefault();
    private static final String PAUSE_REASONING = """
            id: default-dispatch
            rules:
              - id: deny-reason
                match: {intent: reason}
                effect: DENY
                reason: "reasoning is paused"
              - id: permit-orbit-axon
                match: {source: orbit, target: axon}
                effect: PERMIT
                reason: "ok"
            """;
    private static final String PROD_ONLY = """
            id: default-dispatch
            rules:
              - id: permit-prod-small
                match: {intent: reason, environment: prod}
                when: request.payload.amount < 10
                effect: PERMIT
                reason: "small prod requests"
            """;

    private final DispatchDecider decider = new DispatchDecider(DispatchDecider.DEFAULT_MAX_AGE);
    private long sequence;

    @Test
    void givenRecordedPermits_whenTheCandidateDeniesThem_thenTheyAreGroupedAsChangedWithExamples() {
        WhatIfReplay replay = replay(PAUSE_REASONING, null, 1);

        replay.accept(recorded(0, Requests.reason("c-1"), 0));
        replay.accept(recorded(0, Requests.reason("c-2"), 1));
        replay.accept(recorded(0, Requests.request("c-3", "orbit", "axon", "heartbeat"), 2));
        replay.accept(recorded(0, Requests.request("c-4", "orbit", "axon", "shutdown"), 3));

        WhatIfReport report = replay.report();
        assertThat(report.replayed()).isEqualTo(4);
        assertThat(report.changed()).isEqualTo(3);
        List<WhatIfReport.Group> groups = report.groups();
        assertThat(groups).extracting(g -> g.oldEffect() + "->" + g.newEffect() + " " + g.ruleId() + " x" + g.count())
                .containsExactly("PERMIT->DENY deny-reason x2", "DENY->PERMIT permit-orbit-axon x1", "PERMIT->PERMIT permit-orbit-axon x1");
        WhatIfReport.Outcome example = groups.get(0).examples().get(0);
        assertThat(groups.get(0).examples()).hasSize(1);
        assertThat(example.correlationId()).isEqualTo("c-1");
        assertThat(example.oldRuleId()).isEqualTo("permit-orbit-axon-reason");
        assertThat(example.newReason()).isEqualTo("reasoning is paused");
    }

    @Test
    void givenEntriesThatAreNoPolicyEvaluation_whenReplayed_thenTheyAreSkippedAndCountedByReason() {
        WhatIfReplay replay = replay(PAUSE_REASONING, null, 3);
        DispatchRequested invalid = Requests.reason("c-invalid");
        invalid.setSubject("");
        replay.accept(recorded(0, invalid, 0));
        GovernanceDecision escalated = decide(Requests.request("c-esc", "orbit", "axon", "deploy-prod"), 1);
        GovernanceDecision finalDecision = GovernanceDecision.newBuilder(escalated).setEffect(Effect.PERMIT)
                .setEnvelope(io.govstream.events.Envelope.newBuilder(escalated.getEnvelope()).setCausationId("vote-1").build()).build();
        replay.accept(entry(0, finalDecision));
        replay.accept(entry(0, GovernanceDecision.newBuilder(decide(Requests.reason("c-old"), 2)).setRequestAttributes("").build()));

        WhatIfReport report = replay.report();
        assertThat(report.replayed()).isZero();
        assertThat(report.skipped(WhatIfReport.Skip.INVALID)).isEqualTo(1);
        assertThat(report.skipped(WhatIfReport.Skip.ESCALATION_OUTCOME)).isEqualTo(1);
        assertThat(report.skipped(WhatIfReport.Skip.NOT_RECORDED)).isEqualTo(1);
    }

    @Test
    void givenAnErasedSubject_whenReplayed_thenSkippedAsErased() {
        ExportRow.Reveal erased = (entry, payload) -> GovernanceDecision.newBuilder((GovernanceDecision) payload)
                .setSubject(PersonalFields.ERASED).setRequestPayload(PersonalFields.ERASED).build();
        WhatIfReplay replay = new WhatIfReplay(PolicyLoader.parse(PAUSE_REASONING, "c.yaml", PolicyEnvironment.standard()),
                PolicyEnvironment.standard(), null, null, erased, 3);

        replay.accept(recorded(0, Requests.reason("c-1"), 0));

        assertThat(replay.report().replayed()).isZero();
        assertThat(replay.report().skipped(WhatIfReport.Skip.ERASED)).isEqualTo(1);
    }

    @Test
    void givenATenantCandidate_whenOtherTenantsAreRecorded_thenOnlyItsTenantIsReplayed() {
        WhatIfReplay replay = replay("tenant: globex\n" + PAUSE_REASONING, null, 3);
        DispatchRequested globex = Requests.reason("c-2");
        globex.getEnvelope().setTenant("globex");

        replay.accept(recorded(0, Requests.reason("c-1"), 0));
        replay.accept(recorded(0, globex, 1));

        assertThat(replay.report().replayed()).isEqualTo(1);
        assertThat(replay.report().groups().get(0).examples().get(0).tenant()).isEqualTo("globex");
        assertThat(replay.report().skipped(WhatIfReport.Skip.OUT_OF_SCOPE)).isEqualTo(1);
    }

    @Test
    void givenATenantWithItsOwnPromotionSet_whenAGlobalDispatchCandidateIsReplayed_thenTheTenantsDispatchesAreStillInScope() {
        WhatIfReplay replay = replay(PAUSE_REASONING, null, 3);
        replay.accept(policyChanged(0, "acme", "promotion"));

        replay.accept(recorded(0, Requests.reason("c-1"), 0));

        assertThat(replay.report().replayed()).as("acme's promotion set decides no dispatch").isEqualTo(1);
        assertThat(replay.report().skipped(WhatIfReport.Skip.OUT_OF_SCOPE)).isZero();

        replay.accept(policyChanged(0, "acme", "dispatch"));
        replay.accept(recorded(0, Requests.reason("c-2"), 1));
        assertThat(replay.report().skipped(WhatIfReport.Skip.OUT_OF_SCOPE)).as("acme's own dispatch set does").isEqualTo(1);
    }

    @Test
    void givenARequestDeniedAsTooOld_whenReplayed_thenSkippedAsStale() {
        WhatIfReplay replay = replay(PAUSE_REASONING, null, 3);
        GovernanceDecision stale = GovernanceDecision.newBuilder(decide(Requests.reason("c-old"), 0))
                .setEffect(Effect.DENY).setRuleId(io.govstream.policy.Verdict.MAX_AGE).build();

        replay.accept(entry(0, stale));

        assertThat(replay.report().replayed()).isZero();
        assertThat(replay.report().skipped(WhatIfReport.Skip.STALE)).isEqualTo(1);
    }

    @Test
    void givenAPeriod_whenEarlierDecisionsAreRead_thenTheyFeedStateButAreNotCompared() {
        WhatIfReplay replay = replay(CandidateSets.RATE_LIMITED, Requests.NOW.plusSeconds(2), 3);

        replay.accept(recorded(0, Requests.reason("c-1"), 0));
        replay.accept(recorded(0, Requests.reason("c-2"), 1));
        replay.accept(recorded(0, Requests.reason("c-3"), 2));
        replay.accept(recorded(1, Requests.reason("c-4"), 2));

        WhatIfReport report = replay.report();
        assertThat(report.skipped(WhatIfReport.Skip.OUTSIDE_PERIOD)).isEqualTo(2);
        // Partition 0 saw two requests in the minute before c-3; partition 1 none: rate windows are per partition.
        assertThat(report.groups()).extracting(g -> g.newEffect() + " " + g.ruleId() + " x" + g.count())
                .containsExactlyInAnyOrder("DENY deny-burst x1", "PERMIT permit-reason x1");
        assertThat(WhatIfReplay.stateDependentRules(PolicyLoader.parse(CandidateSets.RATE_LIMITED, "c.yaml", PolicyEnvironment.standard())))
                .isEqualTo(Map.of("state", List.of("deny-burst")));
    }

    @Test
    void givenRecordedPayloadAndAttributes_whenTheCandidateReadsThem_thenItSeesWhatWasRequested() {
        WhatIfReplay replay = replay(PROD_ONLY, null, 3);
        DispatchRequested small = Requests.reason("c-1");
        small.setPayload("{\"amount\": 5}");
        small.setAttributes(Map.of("environment", "prod"));
        DispatchRequested large = Requests.reason("c-2");
        large.setPayload("{\"amount\": 50}");
        large.setAttributes(Map.of("environment", "prod"));

        replay.accept(recorded(0, small, 0));
        replay.accept(recorded(0, large, 1));

        assertThat(replay.report().groups()).extracting(g -> g.newEffect() + " " + g.ruleId() + " x" + g.count())
                .containsExactly("DENY default-deny x1", "PERMIT permit-prod-small x1");
    }

    @Test
    void givenFlagChangesInTheLedger_whenReplayed_thenEachDecisionSeesTheFlagsInForceInItsPartition() {
        WhatIfReplay replay = replay("""
                id: dispatch
                rules:
                  - id: kill-switch
                    match: {intent: reason}
                    when: flags.?reasoning_off.orValue(false) == true
                    effect: DENY
                    reason: "switched off"
                  - id: permit-reason
                    match: {intent: reason}
                    effect: PERMIT
                    reason: "ok"
                """, null, 3);

        replay.accept(recorded(0, Requests.reason("c-1"), 0));
        replay.accept(flag(0, "reasoning_off", true));
        replay.accept(recorded(0, Requests.reason("c-2"), 1));
        replay.accept(recorded(1, Requests.reason("c-3"), 1));
        replay.accept(flag(0, "reasoning_off", null));
        replay.accept(recorded(0, Requests.reason("c-4"), 2));

        assertThat(replay.report().groups()).extracting(g -> g.newEffect() + " " + g.ruleId() + " x" + g.count())
                .containsExactly("DENY kill-switch x1", "PERMIT permit-reason x3");
        assertThat(replay.report().groups().get(0).examples().get(0).correlationId()).isEqualTo("c-2");
    }

    private LedgerEntry policyChanged(int partition, String tenant, String kind) {
        String id = "p-" + sequence;
        io.govstream.events.PolicyChanged change = io.govstream.events.PolicyChanged.newBuilder()
                .setEnvelope(io.govstream.events.Envelope.newBuilder().setEventId(id).setCorrelationId(id).setCausationId(id)
                        .setTenant(tenant).setOccurredAt(Requests.NOW).setProducer("governance-streams").build())
                .setPolicySetId(tenant + "-" + kind).setVersion(1).setTenantScope(tenant).setAuthor("alice")
                .setPublishedAt(Requests.NOW).setPublishedEventId(id).setNewHash("sha256:00").setKind(kind).build();
        return entry(partition, new LedgerFact(change.getEnvelope(), LedgerEntryKind.POLICY_CHANGE, "policy/" + tenant,
                io.govstream.events.PolicyChanged.getClassSchema().getFullName(), LedgerFact.avroBinary(change)));
    }

    private LedgerEntry flag(int partition, String name, Object value) {
        FlagChange change = FlagChange.newBuilder()
                .setEnvelope(io.govstream.events.Envelope.newBuilder().setEventId("f-" + sequence).setCorrelationId("f-" + sequence)
                        .setCausationId("f-" + sequence).setTenant("*").setOccurredAt(Requests.NOW).setProducer("govctl").build())
                .setName(name).setValue(value).setAuthor("alice").setChangedAt(Requests.NOW).build();
        return entry(partition, new LedgerFact(change.getEnvelope(), LedgerEntryKind.STATE_CHANGE, "flag/" + name,
                FlagChange.getClassSchema().getFullName(), LedgerFact.avroBinary(change)));
    }

    private WhatIfReplay replay(String candidate, Instant since, int examples) {
        return new WhatIfReplay(PolicyLoader.parse(candidate, "c.yaml", PolicyEnvironment.standard()), PolicyEnvironment.standard(),
                since, null, ExportRow.Reveal.AS_STORED, examples);
    }

    /** The ledger entry the topology writes for a request decided by the shipped policy, {@code atSecond} after NOW. */
    private LedgerEntry recorded(int partition, DispatchRequested request, int atSecond) {
        return entry(partition, decide(request, atSecond));
    }

    private GovernanceDecision decide(DispatchRequested request, int atSecond) {
        Instant at = Requests.NOW.plusSeconds(atSecond);
        request.getEnvelope().setOccurredAt(at);
        return new Decided(request, decider.outcome(request, SHIPPED, at, null).decision()).forLedger();
    }

    private LedgerEntry entry(int partition, GovernanceDecision decision) {
        return entry(partition, LedgerFact.decision(decision));
    }

    /** As the appender writes it, but for the hashes, which a replay does not check. */
    private LedgerEntry entry(int partition, LedgerFact fact) {
        ByteBuffer none = ByteBuffer.wrap(new byte[32]);
        return LedgerEntry.newBuilder().setEnvelope(fact.envelope()).setPartition(partition).setSequence(sequence++)
                .setKind(fact.kind()).setSubjectKey(fact.subjectKey()).setPayloadType(fact.payloadType())
                .setPayload(ByteBuffer.wrap(fact.payload())).setPayloadHash(none).setPrevHash(none).setHash(none).build();
    }
}
