package io.govstream.cli.policy;

import io.govstream.events.PolicyMode;
import io.govstream.events.PolicySetPublished;
import io.govstream.governance.policy.PolicyKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every published version of every policy set, read from partition 0 of the policies topic
 * (each partition holds a full copy; keys are per version, so compaction keeps them all). In
 * each scope the ACTIVE publication read last is the one in force.
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
        Map<String, Object> props = new LinkedHashMap<>(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Map<String, PolicySetPublished> byKey = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            Instant deadline = Instant.now().plus(timeout);
            while (consumer.position(partition, timeout) < end) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end (offset " + end + ") within " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        byKey.remove(record.key());
                        continue;
                    }
                    PolicySetPublished published = decoder.apply(record.value());
                    byKey.remove(record.key()); // a re-published key counts from its latest position
                    byKey.put(record.key(), published);
                }
            }
        }
        return new PolicyHistory(new ArrayList<>(byKey.values()));
    }

    /** In publication order. */
    public List<PolicySetPublished> all() {
        return publications;
    }

    public boolean isEmpty() {
        return publications.isEmpty();
    }

    /** Every version of one set in one scope, oldest first. */
    public List<PolicySetPublished> versions(String scope, String id) {
        return publications.stream()
                .filter(p -> PolicyKeys.scope(p.getTenantScope()).equals(scope) && p.getPolicySetId().equals(id))
                .sorted(Comparator.comparingInt(PolicySetPublished::getVersion))
                .toList();
    }

    public Optional<PolicySetPublished> latest(String scope, String id) {
        List<PolicySetPublished> versions = versions(scope, id);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    public Optional<PolicySetPublished> version(String scope, String id, int version) {
        return versions(scope, id).stream().filter(p -> p.getVersion() == version).findFirst();
    }

    /** The ACTIVE dispatch publication in force in {@code scope}: the last one read. */
    public Optional<PolicySetPublished> inForce(String scope) {
        return inForce(scope, false);
    }

    /** The ACTIVE publication of that kind (promotion sets gate deployments, beside the dispatch set) in force in {@code scope}. */
    public Optional<PolicySetPublished> inForce(String scope, boolean promotion) {
        PolicySetPublished found = null;
        for (PolicySetPublished p : publications) {
            if (p.getMode() == PolicyMode.ACTIVE && PolicyKeys.scope(p.getTenantScope()).equals(scope) && isPromotion(p) == promotion) {
                found = p;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether the published document is a promotion set ({@code kind: promotion}). */
    public static boolean isPromotion(PolicySetPublished published) {
        return PROMOTION_KIND.matcher(published.getSource()).find();
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
