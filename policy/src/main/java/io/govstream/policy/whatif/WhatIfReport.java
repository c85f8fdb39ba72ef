package io.govstream.policy.whatif;

import io.govstream.events.Effect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a candidate policy set would have decided on recorded requests: totals, why some were not
 * replayed, and the replayed ones grouped by recorded effect → candidate effect and the
 * candidate's deciding rule, with up to N examples per group: the earliest decided (then by
 * correlation id), so the report does not depend on how a reader interleaved the partitions.
 * Pure: fed one outcome at a time.
 */
public final class WhatIfReport {
    /** Why a recorded decision was not evaluated again. */
    public enum Skip {
        /** Recorded outside --since/--until: read only to rebuild state. */
        OUTSIDE_PERIOD("outside the period (read to rebuild state only)"),
        /** The final decision of an escalation (votes or timeout), not a policy evaluation. */
        ESCALATION_OUTCOME("final decisions of escalations (made by votes, not by a policy)"),
        /** Denied by validation before any policy: every set denies it the same way. */
        INVALID("invalid requests (validation denies them before any policy)"),
        /** Older than the maximum request age when decided: denied before any policy, as any set would. */
        STALE("requests too old when decided (max-age denies them before any policy)"),
        /** Another tenant's request, or one a tenant's own set decides, which a global candidate would not replace. */
        OUT_OF_SCOPE("not in the candidate's scope"),
        /** The subject's data key was destroyed (GDPR erasure): the request cannot be read. */
        ERASED("subjects erased (GDPR): personal fields unreadable"),
        /** Personal fields are encrypted and no key-encryption key is at hand to open them. */
        ENCRYPTED("personal fields encrypted, no key-encryption key in the data dir"),
        /** Written before decisions recorded their request's payload and attributes. */
        NOT_RECORDED("recorded before the ledger kept the request's payload and attributes");

        private final String description;

        Skip(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** One replayed request. */
    public record Outcome(String correlationId, Instant decidedAt, String tenant, String source, String target, String intent,
                          Effect oldEffect, String oldRuleId, Effect newEffect, String newRuleId, String newReason) {
        public boolean changed() {
            return oldEffect != newEffect;
        }
    }

    /** Replayed requests with the same recorded effect, candidate effect and candidate rule. */
    public record Group(Effect oldEffect, Effect newEffect, String ruleId, long count, List<Outcome> examples) {
        public boolean changed() {
            return oldEffect != newEffect;
        }
    }

    private static final Comparator<Outcome> EARLIEST = Comparator.comparing(Outcome::decidedAt).thenComparing(Outcome::correlationId);

    private final int examplesPerGroup;
    private final Map<Key, MutableGroup> groups = new LinkedHashMap<>();
    private final Map<Skip, Long> skipped = new EnumMap<>(Skip.class);
    private long replayed;
    private long changed;

    public WhatIfReport(int examplesPerGroup) {
        if (examplesPerGroup < 0) {
            throw new IllegalArgumentException("examples must not be negative, was " + examplesPerGroup);
        }
        this.examplesPerGroup = examplesPerGroup;
    }

    public void replayed(Outcome outcome) {
        replayed++;
        if (outcome.changed()) {
            changed++;
        }
        MutableGroup group = groups.computeIfAbsent(new Key(outcome.oldEffect(), outcome.newEffect(), outcome.newRuleId()),
                k -> new MutableGroup());
        group.count++;
        if (examplesPerGroup > 0) {
            int at = Collections.binarySearch(group.examples, outcome, EARLIEST);
            group.examples.add(at < 0 ? -at - 1 : at, outcome);
            if (group.examples.size() > examplesPerGroup) {
                group.examples.remove(group.examples.size() - 1);
            }
        }
    }

    public void skip(Skip why) {
        skipped.merge(why, 1L, Long::sum);
    }

    public long replayed() {
        return replayed;
    }

    public long changed() {
        return changed;
    }

    public long skipped(Skip why) {
        return skipped.getOrDefault(why, 0L);
    }

    /** Changed groups first, then by size, largest first. */
    public List<Group> groups() {
        List<Group> all = new ArrayList<>();
        groups.forEach((k, g) -> all.add(new Group(k.oldEffect, k.newEffect, k.ruleId, g.count, List.copyOf(g.examples))));
        all.sort(Comparator.comparing((Group g) -> !g.changed()).thenComparing(Group::count, Comparator.reverseOrder())
                .thenComparing(g -> g.oldEffect + "|" + g.newEffect + "|" + g.ruleId));
        return all;
    }

    private record Key(Effect oldEffect, Effect newEffect, String ruleId) {
    }

    private static final class MutableGroup {
        private final List<Outcome> examples = new ArrayList<>();
        private long count;
    }
}
