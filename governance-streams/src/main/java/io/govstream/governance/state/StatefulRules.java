package io.govstream.governance.state;

import io.govstream.events.Effect;
import io.govstream.policy.PolicyExtension;
import io.govstream.policy.PolicyInput;
import io.govstream.policy.StateExtension;
import io.govstream.policy.StateScopes;
import io.govstream.policy.StateWindows;
import io.govstream.governance.policy.TaskExtensions;
import io.govstream.schemas.gdpr.SubjectRef;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The {@code state} CEL reads, kept in three named, persistent, changelogged stores joined to the
 * decide-dispatch task (so they survive restarts and move with the partition on a rebalance):
 *
 * <ul>
 *   <li>{@value #RATE_WINDOWS}: every valid request per (tenant, source, intent) and UTC second;
 *       {@code state.rate(w)} sums the current second and the w - 1 seconds before it (w ≤ 1h).</li>
 *   <li>{@value #DAILY_COUNTS}: PERMITTED requests per (tenant, source, intent) and UTC day
 *       ({@code state.today()}): a quota counts what was let through.</li>
 *   <li>{@value #RECENT_DENIALS}: DENY decisions per (tenant, source) and second
 *       ({@code state.recentDenials(w)}).</li>
 * </ul>
 * Each count is also kept with the subject added to its scope, for {@code state.ofSubject()}.
 *
 * <p>Scope: every count is exact at any partition count, because requests are routed by tenant
 * ({@link io.govstream.governance.routing.ScopeRouting}) and every scope contains the tenant: all
 * requests one count covers are decided, and counted, by one task.
 *
 * A request is counted <b>after</b> its own decision: its conditions see the requests before it,
 * so {@code state.rate("1m") < 600} lets exactly 600 through per minute. Time is the decision's
 * wall-clock time ({@code now}), not the record timestamp a producer chose. Requests that fail
 * validation are not counted. Once a minute (wall clock) buckets older than {@link StateWindows#MAX}
 * and days before today are deleted, which bounds the stores.
 */
public final class StatefulRules {
    public static final String RATE_WINDOWS = "rate-windows";
    public static final String DAILY_COUNTS = "daily-counts";
    public static final String RECENT_DENIALS = "recent-denials";

    private static final TaskExtensions.Binding BINDING = new TaskExtensions.Binding(
            Set.of(store(RATE_WINDOWS), store(DAILY_COUNTS), store(RECENT_DENIALS)), StatefulRules::open);

    private StatefulRules() {
    }

    /** The {@code state} extension ({@link StateExtension}) bound to the three stores. */
    public static TaskExtensions.Binding binding() {
        return BINDING;
    }

    /** Cached: a busy scope bumps the same bucket many times a second; the changelog gets its count once per commit. */
    static StoreBuilder<KeyValueStore<String, Long>> store(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.Long()).withCachingEnabled();
    }

    private static PolicyExtension.Values open(TaskExtensions.Stores stores) {
        TaskStores task = new TaskStores(new Buckets(stores.store(RATE_WINDOWS), Buckets.SECONDS),
                new Buckets(stores.store(DAILY_COUNTS), Buckets.DAYS), new Buckets(stores.store(RECENT_DENIALS), Buckets.SECONDS));
        return new PolicyExtension.Values() {
            @Override
            public Map<String, Object> of(PolicyInput request, Instant now) {
                return Map.of(StateExtension.VARIABLE, new StoreState(task, request, now, false));
            }

            @Override
            public void decided(PolicyInput request, Effect effect, Instant now) {
                long second = now.getEpochSecond();
                task.rates().add(requestScope(request, false), second);
                task.rates().add(requestScope(request, true), second);
                if (effect == Effect.PERMIT) {
                    task.daily().add(requestScope(request, false), StateScopes.day(now));
                    task.daily().add(requestScope(request, true), StateScopes.day(now));
                } else if (effect == Effect.DENY) {
                    task.denials().add(sourceScope(request, false), second);
                    task.denials().add(sourceScope(request, true), second);
                }
            }

            @Override
            public void expire(Instant now) {
                long oldest = now.getEpochSecond() - StateWindows.MAX.toSeconds() + 1;
                task.rates().expire(oldest);
                task.denials().expire(oldest);
                task.daily().expire(StateScopes.day(now));
            }
        };
    }

    /** The scope of a rate or daily count ({@link StateScopes}), the subject by its pseudonym ({@link SubjectRef}). */
    static String requestScope(PolicyInput request, boolean ofSubject) {
        return StateScopes.request(request, ofSubject ? pseudonym(request.subject()) : null);
    }

    /** The scope of a recent-denials count. */
    static String sourceScope(PolicyInput request, boolean ofSubject) {
        return StateScopes.source(request, ofSubject ? pseudonym(request.subject()) : null);
    }

    /** The stores' changelogs are read by whoever reads the cluster, and must not name people. */
    private static String pseudonym(String subject) {
        return subject == null ? "" : SubjectRef.of(subject);
    }

    record TaskStores(Buckets rates, Buckets daily, Buckets denials) {
    }
}
