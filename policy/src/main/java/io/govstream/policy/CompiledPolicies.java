package io.govstream.policy;

import io.govstream.events.PolicySetPublished;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles published policy sets, once per content hash per process, and remembers them: the
 * policy update processor compiles (and so validates) a set when it arrives, decisions find it
 * here. Only after a restart does the first decision under a set compile it (from the restored
 * store), once. Shared by every task of one topology; thread-safe.
 */
public final class CompiledPolicies {
    private final PolicyEnvironment environment;
    private final Map<String, Entry> byHash = new ConcurrentHashMap<>();

    public CompiledPolicies(PolicyEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * The compiled set of a publication: its document, under the published version and scope.
     *
     * @throws PolicyLoadException if the document does not load, or does not match what the
     *                             publication says (id, tenant scope, content hash)
     */
    public PolicySet compile(PolicySetPublished published) {
        Entry cached = byHash.get(published.getContentHash());
        if (cached != null && cached.matches(published)) {
            return cached.set; // the hash is only a claim: the same document under the same name is what counts
        }
        String origin = published.getFileName() != null ? published.getFileName() : PolicyKeys.topicKey(published);
        PolicySet set = PolicyLoader.parse(published.getSource(), origin, environment)
                .withVersion(Integer.toString(published.getVersion()));
        if (!set.id().equals(published.getPolicySetId())) {
            throw new PolicyLoadException(origin + ": document id '" + set.id() + "' but published as '" + published.getPolicySetId() + "'");
        }
        if (!set.scope().equals(PolicyKeys.scope(published.getTenantScope()))) {
            throw new PolicyLoadException(origin + ": document scope '" + set.scope() + "' but published for '"
                    + PolicyKeys.scope(published.getTenantScope()) + "'");
        }
        if (!set.contentHash().equals(published.getContentHash())) {
            throw new PolicyLoadException(origin + ": content hash " + set.contentHash() + " does not match the published "
                    + published.getContentHash() + " (altered document, or a publisher with another canonical form)");
        }
        byHash.put(set.contentHash(), new Entry(published.getSource(), published.getVersion(), published.getPolicySetId(),
                published.getTenantScope(), set));
        return set;
    }

    private record Entry(String source, int version, String id, String tenantScope, PolicySet set) {
        boolean matches(PolicySetPublished published) {
            return version == published.getVersion() && id.equals(published.getPolicySetId())
                    && Objects.equals(tenantScope, published.getTenantScope()) && source.equals(published.getSource());
        }
    }
}
