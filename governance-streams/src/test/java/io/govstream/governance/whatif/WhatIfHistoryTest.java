package io.govstream.governance.whatif;

import io.govstream.policy.whatif.WhatIfReport;
import io.govstream.policy.whatif.WhatIfHistory;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.DispatchRequested;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.governance.Requests;
import io.govstream.governance.dispatch.Decided;
import io.govstream.governance.dispatch.DispatchDecider;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySet;
import io.govstream.ledger.LedgerFact;
import io.govstream.ledger.export.ExportRow;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How far before --since a what-if must read, and that reading only that far gives the result of reading everything. */
class WhatIfHistoryTest {
    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final Instant SINCE = Instant.parse("2026-03-02T03:40:00Z");
    private static final String QUOTA_AND_BURST = """
            id: default-dispatch
            rules:
              - id: daily-quota
                match: {intent: reason}
                when: state.today() >= 10
                effect: DENY
                reason: "daily quota"
              - id: burst
                match: {intent: reason}
                when: state.rate("30m") >= 4
                effect: DENY
                reason: "burst"
              - id: permit-orbit-axon
                match: {source: orbit, target: axon}
                effect: PERMIT
                reason: "ok"
            """;

    private final DispatchDecider decider = new DispatchDecider(DispatchDecider.DEFAULT_MAX_AGE);
    private long sequence;

    @Test
    void givenWhatTheCandidateReads_whenTheHistoryIsAsked_thenThePeriodTheHourBeforeTheDayOrEverything() {
        assertThat(history("when: request.payload.amount < 10", null, List.of()))
                .isEqualTo(new WhatIfHistory(SINCE, "no rule reads state or flags: only the period"));
        assertThat(history("when: state.rate(\"1m\") < 10", null, List.of()).from()).isEqualTo(SINCE.minus(Duration.ofHours(1)));
        assertThat(history("when: state.ofSubject().today() < 10", null, List.of()).from())
                .isEqualTo(Instant.parse("2026-03-01T23:00:00Z"));
        assertThat(history("when: state.recentDenials(\"10m\") == 0", null, List.of()).reason()).contains("recentDenials (r)");
        assertThat(history("when: state.recentDenials(\"10m\") == 0", null, List.of()).wholeLedger()).isTrue();
        assertThat(history("when: flags.axon_paused", null, List.of()).wholeLedger()).isTrue();
        assertThat(new WhatIfHistory(null, "x").wholeLedger()).isTrue();
        assertThat(WhatIfHistory.of(set("when: state.rate(\"1m\") < 10", null), null, List.of(), SKEW).wholeLedger()).isTrue();
    }

    @Test
    void givenTenantSetsPublished_whenTheCandidateIsGlobal_thenEverythingIfOneMayBeRecordedBeforeTheStart() {
        Instant from = SINCE.minus(Duration.ofHours(1));
        String rate = "when: state.rate(\"1m\") < 10";

        assertThat(history(rate, null, List.of(from.plus(SKEW).minusSeconds(1))).wholeLedger()).isTrue();
        assertThat(history(rate, null, List.of(from.plus(SKEW))).from()).as("recorded after the start: read anyway").isEqualTo(from);
        assertThat(history(rate, "acme", List.of(from.minus(Duration.ofDays(30)))).from())
                .as("a tenant candidate's scope is its tenant whatever other sets exist").isEqualTo(from);
    }

    @Test
    void givenTwoDaysOfDecisions_whenReplayedFromTheHistorysStart_thenTheReportOfAReplayFromTheFirstEntry() {
        PolicySet candidate = PolicyLoader.parse(QUOTA_AND_BURST, "c.yaml", PolicyEnvironment.standard());
        List<LedgerEntry> ledger = twoDaysOfTraffic();
        WhatIfHistory history = WhatIfHistory.of(candidate, SINCE, List.of(), SKEW);
        assertThat(history.from()).as("the rules read today(): from the hour before the UTC day of --since")
                .isEqualTo(Instant.parse("2026-03-01T23:00:00Z"));

        WhatIfReport full = replay(candidate, ledger, null);
        WhatIfReport fromHistory = replay(candidate, ledger, history.from());
        WhatIfReport fromSince = replay(candidate, ledger, SINCE);
        WhatIfReport fromAnHourBefore = replay(candidate, ledger, SINCE.minus(Duration.ofHours(1)));

        assertThat(fromHistory.groups()).isEqualTo(full.groups());
        assertThat(fromHistory.replayed()).isEqualTo(full.replayed()).isPositive();
        assertThat(fromHistory.changed()).isEqualTo(full.changed()).isPositive();
        for (WhatIfReport.Skip skip : WhatIfReport.Skip.values()) {
            if (skip != WhatIfReport.Skip.OUTSIDE_PERIOD) {
                assertThat(fromHistory.skipped(skip)).as(skip.name()).isEqualTo(full.skipped(skip));
            }
        }
        assertThat(fromHistory.skipped(WhatIfReport.Skip.OUTSIDE_PERIOD)).isLessThan(full.skipped(WhatIfReport.Skip.OUTSIDE_PERIOD));
        assertThat(fromSince.groups()).as("without the hour and the day before, the counts differ").isNotEqualTo(full.groups());
        assertThat(fromAnHourBefore.groups()).as("without the day's earlier permits, today() differs").isNotEqualTo(full.groups());
    }

    private static WhatIfHistory history(String when, String tenant, List<Instant> tenantSets) {
        return WhatIfHistory.of(set(when, tenant), SINCE, tenantSets, SKEW);
    }

    private static PolicySet set(String when, String tenant) {
        return PolicyLoader.parse("id: default-dispatch\n" + (tenant == null ? "" : "tenant: " + tenant + "\n")
                + "rules:\n  - id: r\n    match: {intent: reason}\n    " + when + "\n    effect: DENY\n    reason: no\n",
                "c.yaml", PolicyEnvironment.standard());
    }

    /** Requests every 5 minutes on two partitions from the morning before SINCE's day, with bursts of three every hour. */
    private List<LedgerEntry> twoDaysOfTraffic() {
        List<LedgerEntry> entries = new ArrayList<>();
        Instant start = Instant.parse("2026-03-01T06:00:00Z");
        for (int i = 0; i < 24 * 12; i++) {
            Instant at = start.plus(Duration.ofMinutes(5L * i));
            entries.add(entry(i % 2, decide(Requests.reason("c-" + i), at)));
            if (i % 12 == 0) {
                for (int b = 1; b <= 3; b++) {
                    entries.add(entry(i % 2, decide(Requests.reason("c-" + i + "-" + b), at.plusSeconds(b))));
                }
            }
        }
        return entries;
    }

    private static WhatIfReport replay(PolicySet candidate, List<LedgerEntry> ledger, Instant readFrom) {
        WhatIfReplay replay = new WhatIfReplay(candidate, PolicyEnvironment.standard(), SINCE, null, ExportRow.Reveal.AS_STORED, 3);
        ledger.stream().filter(e -> readFrom == null || !e.getEnvelope().getOccurredAt().isBefore(readFrom)).forEach(replay::accept);
        return replay.report();
    }

    private GovernanceDecision decide(DispatchRequested request, Instant at) {
        request.getEnvelope().setOccurredAt(at);
        return new Decided(request, decider.outcome(request, PolicyLoader.loadDefault(), at, null).decision()).forLedger();
    }

    /** As the appender writes it (the entry's time is when it was decided), but for the hashes, which a replay does not check. */
    private LedgerEntry entry(int partition, GovernanceDecision decision) {
        LedgerFact fact = LedgerFact.decision(decision);
        ByteBuffer none = ByteBuffer.wrap(new byte[32]);
        return LedgerEntry.newBuilder().setEnvelope(fact.envelope()).setPartition(partition).setSequence(sequence++)
                .setKind(fact.kind()).setSubjectKey(fact.subjectKey()).setPayloadType(fact.payloadType())
                .setPayload(ByteBuffer.wrap(fact.payload())).setPayloadHash(none).setPrevHash(none).setHash(none).build();
    }
}
