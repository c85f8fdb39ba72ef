package io.govstream.governance.policy;

import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySet;
import io.govstream.policy.PolicyKeys;
import io.govstream.policy.CompiledPolicies;
import io.govstream.policy.PolicySource;

import io.govstream.events.PolicySetPublished;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The policy set in force for a request, in one decision task: the tenant's own set if one is
 * published, else the global set, else the shipped fallback; and the shadow set beside it, if any. A tenant's requests never see
 * another tenant's set. One instance per task (not thread-safe); each call reads the store once
 * or twice and compiles nothing unless the set changed since this task last used it.
 */
public final class ActivePolicies {
    private final KeyValueStore<String, byte[]> store;
    private final String topic;
    private final Deserializer<PolicySetPublished> deserializer;
    private final CompiledPolicies compiled;
    private final PolicySource fallback;
    private final String keyPrefix;
    private final Map<String, Cached> byScope = new HashMap<>();

    /**
     * @param store     the task's policy store
     * @param keyPrefix in front of the scope in store keys, e.g. {@link PolicyKeys#PROMOTION_PREFIX} for promotion sets
     */
    public ActivePolicies(KeyValueStore<String, byte[]> store, String topic, Deserializer<PolicySetPublished> deserializer,
                          CompiledPolicies compiled, PolicySource fallback, String keyPrefix) {
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.store = store;
        this.topic = topic;
        this.deserializer = deserializer;
        this.compiled = compiled;
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    public PolicySet forTenant(String tenant) {
        if (tenant != null && PolicyLoader.TENANT.matcher(tenant).matches()) {
            PolicySet own = inScope(tenant);
            if (own != null) {
                return own;
            }
        }
        PolicySet global = inScope(PolicySet.GLOBAL);
        if (global != null) {
            return global;
        }
        return fallback.current();
    }

    /**
     * The shadow set evaluated beside the active set for a tenant's request, or null: the tenant's
     * own shadow set; else, where no set of the tenant's own is active (the global set or the
     * fallback decides), the global shadow set. A shadow is evaluated exactly where it would decide
     * if it were promoted.
     */
    public PolicySet shadowForTenant(String tenant) {
        if (tenant != null && PolicyLoader.TENANT.matcher(tenant).matches()) {
            PolicySet own = inScope(PolicyKeys.SHADOW_PREFIX + tenant);
            if (own != null) {
                return own;
            }
            if (inScope(tenant) != null) {
                return null; // the tenant's own active set decides: a global shadow would not replace it
            }
        }
        return inScope(PolicyKeys.SHADOW_PREFIX + PolicySet.GLOBAL);
    }

    private PolicySet inScope(String scope) {
        byte[] raw = store.get(keyPrefix + scope);
        if (raw == null) {
            byScope.remove(scope);
            return null;
        }
        Cached cached = byScope.get(scope);
        if (cached != null && Arrays.equals(cached.raw, raw)) {
            return cached.set;
        }
        // Stored only after it compiled in the update processor, so this compiles (once, after a restart) or is cached.
        PolicySet set = compiled.compile(deserializer.deserialize(topic, raw));
        byScope.put(scope, new Cached(raw, set));
        return set;
    }

    private record Cached(byte[] raw, PolicySet set) {
    }
}
