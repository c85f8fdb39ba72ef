package io.govstream.governance.gdpr;

import java.util.Map;

/**
 * Changelog configs for state stores whose values name people (wrapped data keys, pending
 * escalations, deployment gates): compacted, and compacted soon, so a value deleted from the store
 * (an erased key, a decided escalation, a closed gate) leaves the changelog within a bound:
 * segment.ms (the segment holding it closes on the next append) + max.compaction.lag.ms (the cleaner
 * must compact it) + the cleaner's backoff; the tombstone itself goes after delete.retention.ms.
 * The same bound as the ledger keys topic (catalogue.yaml, ledger-keys).
 */
public final class ChangelogBounds {
    public static final Map<String, String> PERSONAL = Map.of(
            "cleanup.policy", "compact",
            "min.compaction.lag.ms", "0",
            "max.compaction.lag.ms", "3600000",
            "segment.ms", "3600000",
            "delete.retention.ms", "86400000",
            "min.cleanable.dirty.ratio", "0.01");

    private ChangelogBounds() {
    }
}
