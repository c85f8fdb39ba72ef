package io.govstream.ledger.export;

import io.govstream.events.Effect;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which ledger entries an export keeps. Every criterion is optional (null = any); all given
 * criteria must hold. Time is the entry's append time ({@code envelope.occurredAt} of the entry),
 * {@code since} inclusive, {@code until} exclusive. Target, subject and effect are decision
 * fields: an entry that is not a decision never matches them.
 */
public record ExportFilter(Instant since, Instant until, String tenant, String target, String subject, Effect effect,
                           String correlationId) {

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
        out.put("tenant", tenant);
        out.put("target", target);
        out.put("subject", subject);
        out.put("effect", effect == null ? null : effect.name());
        out.put("correlationId", correlationId);
        out.values().removeIf(Objects::isNull);
        return out;
    }
}
