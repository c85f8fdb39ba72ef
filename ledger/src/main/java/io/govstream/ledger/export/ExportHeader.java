package io.govstream.ledger.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govstream.ledger.KafkaLedgerReader.OffsetRange;
import java.time.Instant;
import java.util.List;

/**
 * What every export states before its first entry: the ledger it read, the period it covers
 * (the filter's since/until; open ends say so), the other criteria, and the exact ledger
 * positions read — per partition, offsets {@code [from, to)} fixed before reading, so the
 * export can be reproduced and checked against the ledger.
 */
public record ExportHeader(String ledgerTopic, Instant generatedAt, ExportFilter filter, List<OffsetRange> positions) {
    public static final String FORMAT = "govstream-ledger-export-v1";

    public ObjectNode toJson() {
        ObjectNode h = ExportFormat.JSON.createObjectNode();
        h.put("type", "header");
        h.put("format", FORMAT);
        h.put("ledgerTopic", ledgerTopic);
        h.put("generatedAt", generatedAt.toString());
        ObjectNode period = h.putObject("period");
        period.put("since", filter.since() == null ? "beginning of the ledger" : filter.since().toString());
        period.put("until", filter.until() == null ? generatedAt.toString() : filter.until().toString());
        period.put("timeField", "entry append time (envelope.occurredAt of the ledger entry)");
        ObjectNode criteria = h.putObject("filter");
        filter.describe().forEach(criteria::put);
        var read = h.putArray("positions");
        positions.forEach(p -> read.addObject().put("partition", p.partition()).put("fromOffset", p.from()).put("toOffset", p.to()));
        return h;
    }

    /** One line: period and positions, for CSV comments and messages. */
    public String summary() {
        ObjectNode j = toJson();
        StringBuilder b = new StringBuilder();
        b.append("period ").append(j.path("period").path("since").asText()).append(" .. ").append(j.path("period").path("until").asText());
        b.append("; positions read");
        positions.forEach(p -> b.append(' ').append(ledgerTopic).append('-').append(p.partition()).append('@').append(p.from())
                .append("..").append(p.to()));
        return b.toString();
    }
}
