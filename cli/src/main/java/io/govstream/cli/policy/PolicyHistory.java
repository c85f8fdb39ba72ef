package io.govstream.cli.policy;

import io.govstream.cli.client.CompactedTopic;
import io.govstream.cli.ledger.LedgerCli;
import io.govstream.events.PolicyMode;
import io.govstream.events.PolicySetPublished;
import io.govstream.policy.PolicyKeys;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Topics;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Every published version of every policy set, read from the policies topic (one partition: one
 * order of publications; keys are per version, so compaction keeps them all). In each scope the
 * ACTIVE publication read last is the one in force.
 */
public final class PolicyHistory {
    private static final java.util.regex.Pattern PROMOTION_KIND = java.util.regex.Pattern.compile("(?m)^kind:\\s*[\"']?promotion\\b");
    private final List<PolicySetPublished> publications;

    PolicyHistory(List<PolicySetPublished> publications) {
        this.publications = List.copyOf(publications);
    }

    /** Reads the topic from the beginning to its current end (committed records only). */
    public static PolicyHistory read(Map<String, Object> kafka, String topic, Function<byte[], PolicySetPublished> decoder,
                                     Duration timeout) {
        return new PolicyHistory(CompactedTopic.latestByKey(kafka, topic, timeout).values().stream().map(latest -> decoder.apply(latest.value()))
                .toList());
    }

    /** Reads the policies topic of the catalogue and cluster of a ledger command. */
    public static PolicyHistory read(LedgerCli cli) {
        String topic = new Topics(cli.catalogue).policies();
        AvroSerde<PolicySetPublished> serde = AvroSerde.forValue(PolicySetPublished.class, cli.registry, true);
        return read(cli.kafka, topic, b -> serde.decode(topic, b), Duration.ofSeconds(30));
    }

    /** In publication order. */
    public List<PolicySetPublished> all() {
        return publications;
    }

    /** Every version of one set in one scope, oldest first. */
    public List<PolicySetPublished> versions(String scope, String id) {
        return publications.stream()
                .filter(p -> PolicyKeys.scope(p.getTenantScope()).equals(scope) && p.getPolicySetId().equals(id))
                .sorted(Comparator.comparingInt(PolicySetPublished::getVersion))
                .toList();
    }

    public Optional<PolicySetPublished> latest(String scope, String id) {
        return versions(scope, id).stream().reduce((older, newer) -> newer);
    }

    /** @throws IllegalArgumentException if the set has no such version in the scope */
    public PolicySetPublished version(String scope, String id, int version) {
        return versions(scope, id).stream().filter(p -> p.getVersion() == version).findFirst().orElseThrow(() ->
                new IllegalArgumentException("policy set '" + id + "' has no version " + version + " in " + describe(scope)));
    }

    /**
     * The ACTIVE publication of that kind (promotion sets gate deployments, beside the dispatch set) in force in {@code scope}:
     * the last one read.
     */
    public Optional<PolicySetPublished> inForce(String scope, boolean promotion) {
        return publications.stream()
                .filter(p -> p.getMode() == PolicyMode.ACTIVE && PolicyKeys.scope(p.getTenantScope()).equals(scope) && isPromotion(p) == promotion)
                .reduce((earlier, later) -> later);
    }

    /** Whether the published document is a promotion set ({@code kind: promotion}). */
    public static boolean isPromotion(PolicySetPublished published) {
        return PROMOTION_KIND.matcher(published.getSource()).find();
    }

    /**
     * The shadow set evaluated in {@code scope}: the last SHADOW publication read there, unless a
     * withdrawal of it or an ACTIVE publication of the same set id (a promotion) came after.
     */
    public Optional<PolicySetPublished> shadowInForce(String scope) {
        PolicySetPublished found = null;
        for (PolicySetPublished p : publications) {
            if (!PolicyKeys.scope(p.getTenantScope()).equals(scope)) {
                continue;
            }
            if (p.getMode() == PolicyMode.SHADOW) {
                found = p.getWithdrawn() ? null : p;
            } else if (found != null && found.getPolicySetId().equals(p.getPolicySetId())) {
                found = null;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The scope of set {@code id}: {@code tenant} if given ("*" or absent = global when only that
     * exists); otherwise the only scope holding it.
     *
     * @throws IllegalArgumentException if the set is unknown or ambiguous
     */
    public String scopeOf(String id, String tenantOrNull) {
        TreeSet<String> scopes = new TreeSet<>();
        publications.stream().filter(p -> p.getPolicySetId().equals(id)).forEach(p -> scopes.add(PolicyKeys.scope(p.getTenantScope())));
        if (tenantOrNull != null) {
            String scope = PolicyKeys.scope(tenantOrNull);
            if (!scopes.contains(scope)) {
                throw new IllegalArgumentException("no policy set '" + id + "' published for " + describe(scope)
                        + (scopes.isEmpty() ? "" : " (it is published for " + String.join(", ", scopes) + ")"));
            }
            return scope;
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("no policy set '" + id + "' is published (see 'govctl policy list')");
        }
        if (scopes.size() > 1) {
            throw new IllegalArgumentException("policy set '" + id + "' is published in several scopes (" + String.join(", ", scopes)
                    + "): pass --tenant TENANT, or --tenant '*' for the global one");
        }
        return scopes.first();
    }

    static String describe(String scope) {
        return "*".equals(scope) ? "the global scope" : "tenant " + scope;
    }
}
