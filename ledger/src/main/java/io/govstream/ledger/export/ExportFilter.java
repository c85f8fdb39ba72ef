package io.govstream.ledger.export;

import io.govstream.events.Effect;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which ledger entries an export keeps. Every criterion is optional (null = any); all given
 * criteria must hold. Time is the entry's append time ({@code envelope.occurredAt} of the entry),
 * {@code since} inclusive, {@code until} exclusive. Target, subject and effect are decision
 * fields: an entry that is not a decision never matches them.
 */
public record ExportFilter(Instant since, Instant until, String tenant, String target, String subject, Effect effect,
                           String correlationId) {

    public static final ExportFilter ALL = new ExportFilter(null, null, null, null, null, null, null);

    public boolean matches(ExportRow row) {
        Instant at = row.appendedAt();
        return (since == null || !at.isBefore(since))
                && (until == null || at.isBefore(until))
                && (tenant == null || tenant.equals(row.tenant()))
                && (correlationId == null || correlationId.equals(row.correlationId()))
                && (target == null || target.equals(row.target()))
                && (subject == null || subject.equals(row.subject()))
                && (effect == null || effect.name().equals(row.effect()));
    }

    /** The criteria given, for an export's header. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        put(out, "tenant", tenant);
        put(out, "target", target);
        put(out, "subject", subject);
        put(out, "effect", effect == null ? null : effect.name());
        put(out, "correlationId", correlationId);
        return out;
    }

    private static void put(Map<String, String> out, String name, String value) {
        if (value != null) {
            out.put(name, value);
        }
    }
}
