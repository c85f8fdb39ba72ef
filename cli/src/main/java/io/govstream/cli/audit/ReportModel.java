package io.govstream.cli.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govstream.ledger.export.ExportRow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the audit report shows, computed from ledger rows and the integrity check, as the JSON the
 * page's script draws from. Denial reasons are grouped by rule, never by reason text: reasons may
 * name the person, and a report is handed around.
 */
public record ReportModel(Instant since, Instant until, Instant generatedAt, String ledgerTopic, List<ExportRow> rows,
                          Integrity integrity) {
    static final List<String> EFFECTS = List.of("PERMIT", "DENY", "ESCALATE", "PENDING");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The integrity status: did the ledger verify, what range, the last checkpoints and who signed them. */
    public record Integrity(boolean verified, long entriesVerified, int partitions, List<String> problems,
                            List<Checkpoint> lastCheckpoints, List<String> signerKeyIds, boolean signaturesChecked) {
    }

    public record Checkpoint(int partition, long treeSize, Instant issuedAt, String keyId, String rootHex) {
    }

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("since", since == null ? null : since.toString());
        root.put("until", until.toString());
        root.put("generatedAt", generatedAt.toString());
        root.put("ledgerTopic", ledgerTopic);

        Map<Instant, Map<String, Integer>> perHour = new TreeMap<>();
        Map<String, Integer> denialsByRule = new LinkedHashMap<>();
        int decisions = 0;
        int escalations = 0;
        for (ExportRow r : rows) {
            // Only decisions count here; other rows with an effect (Axon's REFUSED results) are state changes.
            if (r.effect() == null || !"DECISION".equals(r.kind())) {
                continue;
            }
            decisions++;
            Instant hour = r.appendedAt().truncatedTo(ChronoUnit.HOURS);
            perHour.computeIfAbsent(hour, h -> new LinkedHashMap<>()).merge(r.effect(), 1, Integer::sum);
            if ("DENY".equals(r.effect())) {
                denialsByRule.merge(r.ruleId() + " (" + r.policySetId() + " v" + r.policyVersion() + ")", 1, Integer::sum);
            }
            if ("ESCALATE".equals(r.effect())) {
                escalations++;
            }
        }
        root.put("decisions", decisions);
        ArrayNode hours = root.putArray("perHour");
        perHour.forEach((hour, counts) -> {
            ObjectNode h = hours.addObject().put("hour", hour.toString());
            EFFECTS.forEach(e -> h.put(e, counts.getOrDefault(e, 0)));
        });
        ArrayNode denials = root.putArray("topDenials");
        denialsByRule.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey())).limit(10)
                .forEach(e -> denials.addObject().put("rule", e.getKey()).put("count", e.getValue()));
        // Approvals are not ledgered yet: escalations are counted, their approval times are shown once recorded.
        root.putObject("escalations").put("count", escalations).putArray("approvalMinutes");
        root.putArray("deployments");

        ObjectNode integrityNode = root.putObject("integrity");
        integrityNode.put("verified", integrity.verified());
        integrityNode.put("signaturesChecked", integrity.signaturesChecked());
        integrityNode.put("entriesVerified", integrity.entriesVerified());
        integrityNode.put("partitions", integrity.partitions());
        ArrayNode problems = integrityNode.putArray("problems");
        integrity.problems().stream().limit(20).forEach(problems::add);
        ArrayNode cps = integrityNode.putArray("lastCheckpoints");
        integrity.lastCheckpoints().stream().sorted(Comparator.comparingInt(Checkpoint::partition)).forEach(c -> cps.addObject()
                .put("partition", c.partition()).put("treeSize", c.treeSize()).put("issuedAt", c.issuedAt().toString())
                .put("keyId", c.keyId()).put("root", c.rootHex()));
        ArrayNode keys = integrityNode.putArray("signerKeyIds");
        integrity.signerKeyIds().forEach(keys::add);
        return root;
    }
}
