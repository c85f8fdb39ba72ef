package io.govstream.policy;

import io.govstream.events.Effect;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The {@code state} of one decision task rebuilt from recorded decisions, for a replay (govctl
 * policy whatif): the same three counts as the task's stores ({@link StatefulRules}), kept in
 * memory, fed in the order the task decided. Every live count is scoped to one tenant, and a
 * tenant's requests are decided, and ledgered, on one chain, so one instance per ledger partition
 * replays each count in the order it was kept. Requests are counted after their own decision, as live; counts
 * older than {@link StateWindows#MAX} and days before the current one are dropped as the replay
 * moves on, so memory stays bounded by the traffic of one hour.
 */
public final class ReplayState {
    private final Map<String, NavigableMap<Long, Long>> rates = new HashMap<>();
    private final Map<String, NavigableMap<Long, Long>> denials = new HashMap<>();
    private final Map<String, Long> today = new HashMap<>();
    private long day = Long.MIN_VALUE;
    private long expiredBefore = Long.MIN_VALUE;

    /** What conditions see for {@code request} at {@code now}. */
    public PolicyState at(PolicyInput request, Instant now) {
        expire(now);
        return at(request, now, false);
    }

    private PolicyState at(PolicyInput request, Instant now, boolean ofSubject) {
        long second = now.getEpochSecond();
        String requestScope = StateScopes.request(request, subjectKey(request, ofSubject));
        String sourceScope = StateScopes.source(request, subjectKey(request, ofSubject));
        return new PolicyState() {
            @Override
            public long rate(String window) {
                return sum(rates.get(requestScope), second, StateWindows.seconds(window));
            }

            @Override
            public long today() {
                return StateScopes.day(now) == day ? ReplayState.this.today.getOrDefault(requestScope, 0L) : 0;
            }

            @Override
            public long recentDenials(String window) {
                return sum(denials.get(sourceScope), second, StateWindows.seconds(window));
            }

            @Override
            public PolicyState ofSubject() {
                return ofSubject ? this : at(request, now, true);
            }
        };
    }

    /** Counts a decided (valid) request, as the task does after each decision. */
    public void decided(PolicyInput request, Effect effect, Instant now) {
        expire(now);
        long second = now.getEpochSecond();
        for (boolean ofSubject : new boolean[] {false, true}) {
            rates.computeIfAbsent(StateScopes.request(request, subjectKey(request, ofSubject)), k -> new TreeMap<>()).merge(second, 1L, Long::sum);
            if (effect == Effect.PERMIT) {
                today.merge(StateScopes.request(request, subjectKey(request, ofSubject)), 1L, Long::sum);
            } else if (effect == Effect.DENY) {
                denials.computeIfAbsent(StateScopes.source(request, subjectKey(request, ofSubject)), k -> new TreeMap<>()).merge(second, 1L, Long::sum);
            }
        }
    }

    private void expire(Instant now) {
        long currentDay = StateScopes.day(now);
        if (currentDay > day) {
            today.clear();
            day = currentDay;
        }
        long oldest = now.getEpochSecond() - StateWindows.MAX.toSeconds() + 1;
        if (oldest - expiredBefore >= 60) { // as the task: about once a minute, not per decision
            rates.values().forEach(buckets -> buckets.headMap(oldest).clear());
            denials.values().forEach(buckets -> buckets.headMap(oldest).clear());
            rates.values().removeIf(Map::isEmpty);
            denials.values().removeIf(Map::isEmpty);
            expiredBefore = oldest;
        }
    }

    /** Sum over the seconds {@code (nowSecond - windowSeconds, nowSecond]}, as the rate windows of governance-streams (Buckets). */
    private static long sum(NavigableMap<Long, Long> buckets, long nowSecond, long windowSeconds) {
        return buckets == null ? 0
                : buckets.subMap(nowSecond - windowSeconds + 1, true, nowSecond, true).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Counts live in memory only for the replay: the subject itself keys them (the stores use its pseudonym). */
    private static String subjectKey(PolicyInput request, boolean ofSubject) {
        return ofSubject ? (request.subject() == null ? "" : request.subject()) : null;
    }
}
