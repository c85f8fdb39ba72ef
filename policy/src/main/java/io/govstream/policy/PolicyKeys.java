package io.govstream.policy;

import io.govstream.events.PolicyMode;
import io.govstream.events.PolicySetPublished;

/**
 * Keys on the policies topic and in the decision task's policy store.
 *
 * <p>Topic key {@code <scope>/<policySetId>/<version, 10 digits>} (scope {@code *} = global): one
 * key per version, so compaction keeps every version and the topic is the policy history; keys
 * sort by scope, id, then version.
 *
 * <p>Store key: the scope for the ACTIVE set in force there, {@code shadow/<scope>} for a shadow set;
 * a promotion set's key has {@link #PROMOTION_PREFIX} in front.
 */
public final class PolicyKeys {
    public static final String SHADOW_PREFIX = "shadow/";
    /** Store keys of promotion sets ({@code kind: promotion}) start with this, so they never replace a dispatch set. */
    public static final String PROMOTION_PREFIX = "promotion/";

    private PolicyKeys() {
    }

    public static String scope(String tenantOrNull) {
        return tenantOrNull == null || tenantOrNull.isBlank() ? PolicySet.GLOBAL : tenantOrNull;
    }

    public static String topicKey(String scope, String policySetId, int version) {
        return scope + "/" + policySetId + "/" + String.format("%010d", version);
    }

    public static String topicKey(PolicySetPublished published) {
        return topicKey(scope(published.getTenantScope()), published.getPolicySetId(), published.getVersion());
    }

    public static String storeKey(PolicySetPublished published) {
        String scope = scope(published.getTenantScope());
        return published.getMode() == PolicyMode.SHADOW ? SHADOW_PREFIX + scope : scope;
    }
}
