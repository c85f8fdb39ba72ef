package io.govstream.cli.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.govstream.policy.PolicySet;
import io.govstream.governance.whatif.WhatIfReplay;
import io.govstream.policy.whatif.WhatIfReport;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Prints a what-if report as a table with examples, or as one JSON document. */
final class WhatIfOutput {
    private static final String ROW = "%-9s → %-9s %-32s %9s  %s%n";

    private WhatIfOutput() {
    }

    /** What the replay did with state- and flag-dependent rules, in words. */
    static List<String> notes(PolicySet candidate) {
        Map<String, List<String>> dependent = WhatIfReplay.stateDependentRules(candidate);
        List<String> notes = new ArrayList<>();
        if (dependent.containsKey("state")) {
            notes.add("rules reading state (" + String.join(", ", dependent.get("state")) + ") saw state rebuilt from the ledger per"
                    + " partition, counting the candidate's own decisions (as if it had been in force)");
        }
        if (dependent.containsKey("flags")) {
            notes.add("rules reading flags (" + String.join(", ", dependent.get("flags")) + ") saw the flags in force at each point,"
                    + " rebuilt from the flag changes in the ledger");
        }
        return notes;
    }

    static void text(PrintWriter out, Header header, WhatIfReport report) {
        out.printf("what-if: %s v%s (%s, %s) against %s, decisions %s%n", header.candidate().id(), header.candidate().version(),
                PolicyHistory.describe(header.candidate().scope()), PolicyCommand.shortHash(header.candidate().contentHash()),
                header.ledgerTopic(), period(header));
        out.printf("  %,d ledger entries read, %,d decisions; %,d replayed, %,d would change%n", header.entriesRead(),
                header.decisionsRead(), report.replayed(), report.changed());
        out.printf("  read: %s%n", header.read().describe());
        for (WhatIfReport.Skip skip : WhatIfReport.Skip.values()) {
            if (report.skipped(skip) > 0) {
                out.printf("  not replayed: %,d %s%n", report.skipped(skip), skip.description());
            }
        }
        notes(header.candidate()).forEach(note -> out.println("  note: " + note));
        if (report.groups().isEmpty()) {
            out.println("no recorded decision in the period to replay");
            return;
        }
        out.println();
        out.printf(ROW, "RECORDED", "CANDIDATE", "CANDIDATE RULE", "COUNT", "");
        for (WhatIfReport.Group g : report.groups()) {
            out.printf(ROW, g.oldEffect(), g.newEffect(), g.ruleId(), String.format("%,d", g.count()), g.changed() ? "changed" : "");
        }
        for (WhatIfReport.Group g : report.groups()) {
            if (g.examples().isEmpty()) {
                continue;
            }
            out.printf("%n%s → %s by %s (%,d), e.g.:%n", g.oldEffect(), g.newEffect(), g.ruleId(), g.count());
            for (WhatIfReport.Outcome o : g.examples()) {
                out.printf("  %s %s tenant %s: %s → %s %s; recorded rule %s; now: %s%n", o.correlationId(), o.decidedAt(), o.tenant(),
                        o.source(), o.target(), o.intent(), o.oldRuleId(), o.newReason());
            }
        }
    }

    static void json(PrintWriter out, Header header, WhatIfReport report) {
        Map<String, Long> offsets = new LinkedHashMap<>();
        new java.util.TreeMap<>(header.read().startOffsets()).forEach((p, o) -> offsets.put(String.valueOf(p), o));
        Map<String, Long> skipped = new LinkedHashMap<>();
        for (WhatIfReport.Skip skip : WhatIfReport.Skip.values()) {
            skipped.put(skip.name(), report.skipped(skip));
        }
        PolicySet candidate = header.candidate();
        JsonReport doc = new JsonReport(candidate.id(), candidate.scope(), candidate.contentHash(), header.ledgerTopic(),
                Objects.toString(header.since(), null), Objects.toString(header.until(), null), header.entriesRead(),
                new JsonRead(Objects.toString(header.read().from(), null), header.read().reason(), offsets), header.decisionsRead(),
                report.replayed(), report.changed(), skipped, notes(candidate), report.groups().stream().map(JsonGroup::of).toList());
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the what-if report as JSON", e);
        }
    }

    /** The JSON report: its fields in the order they are written. */
    private record JsonReport(String policySetId, String scope, String contentHash, String ledgerTopic, String since, String until,
                              long entriesRead, JsonRead read, long decisionsRead, long replayed, long changed,
                              Map<String, Long> notReplayed, List<String> notes, List<JsonGroup> groups) {
    }

    private record JsonRead(String from, String reason, Map<String, Long> startOffsets) {
    }

    private record JsonGroup(String recordedEffect, String candidateEffect, String candidateRule, boolean changed, long count,
                             List<JsonExample> examples) {
        static JsonGroup of(WhatIfReport.Group g) {
            return new JsonGroup(g.oldEffect().name(), g.newEffect().name(), g.ruleId(), g.changed(), g.count(),
                    g.examples().stream().map(o -> new JsonExample(o.correlationId(), o.decidedAt().toString(), o.tenant(), o.source(),
                            o.target(), o.intent(), o.oldRuleId(), o.newReason())).toList());
        }
    }

    private record JsonExample(String correlationId, String decidedAt, String tenant, String source, String target, String intent,
                               String recordedRule, String candidateReason) {
    }

    private static String period(Header header) {
        if (header.since() == null && header.until() == null) {
            return "of the whole ledger";
        }
        return "from " + (header.since() == null ? "the first" : header.since()) + " to " + (header.until() == null ? "now" : header.until());
    }

    /** What was replayed against what. */
    record Header(PolicySet candidate, String ledgerTopic, Instant since, Instant until, long entriesRead, long decisionsRead, Read read) {
    }

    /**
     * Which part of the ledger was read.
     *
     * @param from         entries appended from this time on (null: the whole ledger)
     * @param reason       why from there
     * @param startOffsets per partition, the offset reading started at (empty: each partition's first)
     */
    record Read(Instant from, String reason, Map<Integer, Long> startOffsets) {
        String describe() {
            if (from == null) {
                return "the whole ledger (" + reason + ")";
            }
            StringBuilder b = new StringBuilder("entries appended from " + from + " on (" + reason + "); partitions from offset");
            new java.util.TreeMap<>(startOffsets).forEach((p, o) -> b.append(' ').append(p).append('@').append(o));
            return b.toString();
        }
    }
}
