package io.govstream.cli.policy;

import io.govstream.cli.client.CompactedTopic;
import io.govstream.cli.client.GovctlTrace;
import io.govstream.cli.client.RegistryClients;
import io.govstream.cli.ledger.LedgerCli;
import io.govstream.events.PolicyMode;
import io.govstream.events.PolicySetPublished;
import io.govstream.policy.CompiledPolicies;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyKeys;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicyPublication;
import io.govstream.policy.PolicySet;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Publishes policy sets to the policies topic and reads their history. A publication is written
 * once; governance-streams copies it to every task, which applies it and ledgers it on its chain.
 */
public final class PolicyPublisher {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> kafka;
    private final String topic;
    private final AvroSerde<PolicySetPublished> serde;
    private final PolicyEnvironment environment;

    /** @param clientProperties a client config that names the schema registry */
    public PolicyPublisher(Map<String, Object> clientProperties, Topics topics) {
        this.kafka = LedgerCli.kafkaOnly(clientProperties);
        this.topic = topics.policies();
        this.serde = AvroSerde.forValue(PolicySetPublished.class, RegistryClients.of(clientProperties));
        this.environment = PolicyEnvironment.standard();
    }

    public PolicyHistory history() {
        return PolicyHistory.read(kafka, topic, bytes -> serde.deserializer().deserialize(topic, bytes), TIMEOUT);
    }

    /**
     * What publishing a document would do: the next version of its set, unless its content is already the latest in the
     * same mode (a withdrawn shadow set can be published again).
     */
    public Outcome plan(String yaml, String fileName, String author, PolicyMode mode, String note) {
        PolicySet set = PolicyLoader.parse(yaml, fileName, environment); // throws with every problem
        Optional<PolicySetPublished> latest = history().latest(set.scope(), set.id());
        if (latest.isPresent() && latest.get().getMode() == mode && !latest.get().getWithdrawn() && sameContent(set, latest.get())) {
            return new Outcome(latest.get(), false);
        }
        int version = latest.map(p -> p.getVersion() + 1).orElse(1);
        PolicySetPublished published = PolicyPublication.of(environment, yaml, fileName, version, author, mode,
                latest.map(PolicySetPublished::getContentHash).orElse(null), note, Instant.now());
        return new Outcome(published, true);
    }

    /** Publishes {@code yaml} as the next version of its set (nothing if the content is unchanged). */
    public Outcome apply(String yaml, String fileName, String author, PolicyMode mode, String note) {
        Outcome outcome = plan(yaml, fileName, author, mode, note);
        if (outcome.published()) {
            send(outcome.publication());
        }
        return outcome;
    }

    /**
     * Withdraws the shadow set in force: publishes its document again as the next version, in
     * SHADOW mode, marked withdrawn, so governance-streams stops evaluating it (and ledgers that).
     */
    public PolicySetPublished withdraw(PolicySetPublished shadow, String author, String note) {
        int version = history().latest(PolicyKeys.scope(shadow.getTenantScope()), shadow.getPolicySetId())
                .map(p -> p.getVersion() + 1).orElse(shadow.getVersion() + 1);
        PolicySetPublished withdrawal = PolicyPublication.of(environment, shadow.getSource(), shadow.getFileName(), version, author,
                PolicyMode.SHADOW, shadow.getContentHash(), note, Instant.now());
        withdrawal.setWithdrawn(true);
        send(withdrawal);
        return withdrawal;
    }

    /** Publishes the shipped default set as version 1 if nothing was ever published; returns whether it did. */
    public boolean publishDefaultIfEmpty(String author) {
        if (!history().all().isEmpty()) {
            return false;
        }
        String yaml = PolicyLoader.readResource(PolicyLoader.DEFAULT_RESOURCE);
        send(PolicyPublication.of(environment, yaml, "classpath:" + PolicyLoader.DEFAULT_RESOURCE, 1, author, PolicyMode.ACTIVE, null,
                "the shipped default policy", Instant.now()));
        return true;
    }

    private boolean sameContent(PolicySet candidate, PolicySetPublished latest) {
        PolicySet current = new CompiledPolicies(environment).compile(latest);
        return candidate.withVersion("-").contentHash().equals(current.withVersion("-").contentHash());
    }

    void send(PolicySetPublished published) {
        byte[] key = PolicyKeys.topicKey(published).getBytes(StandardCharsets.UTF_8);
        // The trace of the act of publishing: set when it is sent, not when planned.
        String traceparent = GovctlTrace.traceparent();
        published.getEnvelope().setTraceparent(traceparent);
        CompactedTopic.publish(kafka, topic, "govctl-policy-", List.of(new CompactedTopic.Entry(key,
                serde.serializer().serialize(topic, published), published.getEnvelope().getCorrelationId(), traceparent, null)));
    }

    /** A publication, and whether it was (or would be) sent; not sent = the content is already the latest. */
    public record Outcome(PolicySetPublished publication, boolean published) {
    }
}
