package io.govstream.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.events.Effect;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySet;
import io.govstream.policy.whatif.WhatIfReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WhatIfOutputTest {
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");
    private static final PolicySet CANDIDATE = PolicyLoader.parse("""
            id: dispatch
            rules:
              - id: deny-burst
                match: {intent: reason}
                when: state.rate("1m") >= 2 || flags.strict == true
                effect: DENY
                reason: "too many"
            """, "c.yaml", PolicyEnvironment.standard());

    @Test
    void givenChangedAndUnchangedGroups_whenPrinted_thenTotalsTableExamplesAndStateNotesAreShown() {
        WhatIfReport report = report();

        String text = print(out -> WhatIfOutput.text(out, header(), report));

        assertThat(text).contains("3 replayed, 2 would change", "not replayed: 1 subjects erased (GDPR)");
        assertThat(text).contains("  read: entries appended from 2026-03-01T10:00:00Z on (rules reading state (deny-burst) count the"
                + " requests of up to 60 minutes before each decision); partitions from offset 0@12 1@40");
        assertThat(text).contains("rules reading state (deny-burst)", "rules reading flags (deny-burst) saw the flags in force at each point");
        assertThat(text.lines().filter(l -> l.startsWith("PERMIT    →")).map(String::stripTrailing).toList())
                .containsExactly("PERMIT    → DENY      deny-burst                               2  changed",
                        "PERMIT    → PERMIT    permit-reason                            1");
        assertThat(text).contains("PERMIT → DENY by deny-burst (2), e.g.:", "c-1 2026-03-01T12:00:00Z tenant acme: orbit → axon reason;"
                + " recorded rule permit-orbit-axon-reason; now: too many").doesNotContain("c-2 ");
    }

    @Test
    void givenAReport_whenPrintedAsJson_thenGroupsCountsAndSkipsAreFields() throws Exception {
        JsonNode json = new ObjectMapper().readTree(print(out -> WhatIfOutput.json(out, header(), report())));

        assertThat(json.path("changed").asLong()).isEqualTo(2);
        assertThat(json.path("read").path("from").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(json.path("read").path("startOffsets").path("1").asLong()).isEqualTo(40);
        assertThat(json.path("notReplayed").path("ERASED").asLong()).isEqualTo(1);
        assertThat(json.path("groups").get(0).path("candidateRule").asText()).isEqualTo("deny-burst");
        assertThat(json.path("groups").get(0).path("examples")).hasSize(1);
        assertThat(json.path("groups").get(1).path("changed").asBoolean()).isFalse();
    }

    private static WhatIfReport report() {
        WhatIfReport report = new WhatIfReport(1);
        report.replayed(outcome("c-1", Effect.DENY, "deny-burst"));
        report.replayed(outcome("c-2", Effect.DENY, "deny-burst"));
        report.replayed(outcome("c-3", Effect.PERMIT, "permit-reason"));
        report.skip(WhatIfReport.Skip.ERASED);
        return report;
    }

    private static WhatIfReport.Outcome outcome(String id, Effect now, String rule) {
        return new WhatIfReport.Outcome(id, AT, "acme", "orbit", "axon", "reason", Effect.PERMIT, "permit-orbit-axon-reason", now, rule,
                now == Effect.DENY ? "too many" : "ok");
    }

    private static WhatIfOutput.Header header() {
        return new WhatIfOutput.Header(CANDIDATE, "governance.ledger", AT.minusSeconds(3600), null, 10, 4,
                new WhatIfOutput.Read(AT.minusSeconds(7200), "rules reading state (deny-burst) count the requests of up to 60 minutes"
                        + " before each decision", java.util.Map.of(0, 12L, 1, 40L)));
    }

    private static String print(java.util.function.Consumer<PrintWriter> printer) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        printer.accept(out);
        out.flush();
        return text.toString();
    }
}
