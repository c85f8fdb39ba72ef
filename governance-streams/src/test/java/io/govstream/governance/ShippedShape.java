package io.govstream.governance;

import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import io.govstream.governance.observe.GovernanceObserver;
import io.govstream.events.DispatchCommand;
import io.govstream.governance.deployment.DeploymentWiring;
import io.govstream.governance.dispatch.DispatchDecider;
import io.govstream.ledger.LedgerHeadRecovery;
import io.govstream.ledger.checkpoint.CheckpointPolicy;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicySource;
import io.govstream.runtime.commands.EventSeal;
import io.govstream.runtime.tracing.Tracing;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.secrets.SigningKeyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.Topology;

/**
 * The topology that ships, for tests: {@link GovernanceTopology#build} with every topic, the
 * deployment gate, the standard environment, and what a test does not care about left neutral
 * (no checkpoint signer, no key-encryption key, unsigned commands, no metrics).
 */
public final class ShippedShape {
    /** Every role, named after it. */
    public static final Topics TOPICS = Topics.prefixed("");
    public static final String DEPLOYMENTS = "deployments";
    public static final String DEPLOY_COMMANDS = "deploy-commands";
    /** Observes nothing. */
    public static final GovernanceObserver OBSERVER_NONE = new GovernanceObserver() {
    };
    /** Assume an empty ledger at first, emit no checkpoints. */
    public static final LedgerWiring LEDGER_NONE = new LedgerWiring(LedgerHeadRecovery.NONE, null, CheckpointPolicy.DEFAULT, null);

    /** Orbit's seal keys for tests: a fresh Ed25519 keyset per test JVM, in a temporary directory deleted as the JVM exits. */
    private static final SigningKeyFiles SEAL_KEYS = sealKeys();
    /** Verifies votes as governance-streams does with Orbit's public keyset. */
    public static final EventSeal.Verifier VOTES = EventSeal.Verifier.fromFile(SEAL_KEYS.publicFile());
    private static final EventSeal.Sealer SEALER = EventSeal.Sealer.fromFile(SEAL_KEYS.privateFile());

    private ShippedShape() {
    }

    private static SigningKeyFiles sealKeys() {
        try {
            Path dir = Files.createTempDirectory("orbit-seal");
            SigningKeyFiles keys = EventSeal.keyFiles(dir);
            keys.createIfAbsent();
            // Deleted in the reverse order of these calls: the files, then their directory.
            dir.toFile().deleteOnExit();
            keys.publicFile().toFile().deleteOnExit();
            keys.privateFile().toFile().deleteOnExit();
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Wall-clock punctuations the driver's task ran so far, all its processors' ({@code punctuate-total} of
     * {@code stream-task-metrics}; the driver needs {@code metrics.recording.level} DEBUG).
     */
    public static double punctuations(org.apache.kafka.streams.TopologyTestDriver driver) {
        return driver.metrics().entrySet().stream()
                .filter(metric -> metric.getKey().name().equals("punctuate-total") && metric.getKey().group().equals("stream-task-metrics"))
                .mapToDouble(metric -> ((Number) metric.getValue().metricValue()).doubleValue()).sum();
    }

    /** Headers carrying Orbit's seal of a vote's bytes on {@code topic}, as Orbit's API writes them. */
    public static org.apache.kafka.common.header.Headers sealed(String topic, byte[] value) {
        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        SEALER.seal(headers, topic, value);
        return headers;
    }

    public static Topology build(TopicSerdes serdes, PolicySource policies) {
        return build(TOPICS, serdes, policies);
    }

    /** Under another policy environment (other cost limits, say). */
    public static Topology build(TopicSerdes serdes, PolicySource policies, PolicyEnvironment environment) {
        return GovernanceTopology.build(TOPICS, serdes, policies, new DispatchDecider(DispatchDecider.DEFAULT_MAX_AGE), OBSERVER_NONE, environment,
                LEDGER_NONE, UnaryOperator.identity(), deployments(""), VOTES,
                Tracing.off());
    }

    public static Topology build(TopicSerdes serdes, PolicySource policies, DispatchDecider decider, GovernanceObserver observer) {
        return GovernanceTopology.build(TOPICS, serdes, policies, decider, observer, PolicyEnvironment.standard(), LEDGER_NONE,
                UnaryOperator.identity(), deployments(""), VOTES,
                Tracing.off());
    }

    /** With a span per decision. */
    public static Topology build(TopicSerdes serdes, PolicySource policies, Tracing tracing) {
        return GovernanceTopology.build(TOPICS, serdes, policies, new DispatchDecider(DispatchDecider.DEFAULT_MAX_AGE), OBSERVER_NONE,
                PolicyEnvironment.standard(), LEDGER_NONE, UnaryOperator.identity(), deployments(""), VOTES, tracing);
    }

    public static Topology build(TopicSerdes serdes, PolicySource policies, LedgerWiring ledger) {
        return GovernanceTopology.build(TOPICS, serdes, policies, new DispatchDecider(DispatchDecider.DEFAULT_MAX_AGE), OBSERVER_NONE,
                PolicyEnvironment.standard(), ledger, UnaryOperator.<DispatchCommand>identity(), deployments(""), VOTES,
                Tracing.off());
    }

    /** With topics of its own (a broker test's fresh ones, {@link Topics#prefixed}). */
    public static Topology build(Topics topics, TopicSerdes serdes, PolicySource policies) {
        String prefix = topics.dispatchRequests().substring(0, topics.dispatchRequests().length() - "requests".length());
        return GovernanceTopology.build(topics, serdes, policies, new DispatchDecider(DispatchDecider.DEFAULT_MAX_AGE), OBSERVER_NONE,
                PolicyEnvironment.standard(), LEDGER_NONE, UnaryOperator.identity(), deployments(prefix), VOTES,
                Tracing.off());
    }

    /** With topics of its own and the deployment gate given (its serdes share the caller's registry). */
    public static Topology build(Topics topics, TopicSerdes serdes, PolicySource policies, DeploymentWiring deployments) {
        return GovernanceTopology.build(topics, serdes, policies, new DispatchDecider(DispatchDecider.DEFAULT_MAX_AGE), OBSERVER_NONE,
                PolicyEnvironment.standard(), LEDGER_NONE, UnaryOperator.identity(), deployments, VOTES,
                Tracing.off());
    }

    /** What a TopologyTestDriver of the shipped shape needs: an application id and a state dir of the test's own. */
    public static java.util.Properties driverProperties(String applicationId, Path stateDir) {
        java.util.Properties props = new java.util.Properties();
        props.put(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(org.apache.kafka.streams.StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(org.apache.kafka.streams.StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    /** The prefix of {@link Topics#prefixed} topics. */
    public static String prefixOf(Topics topics) {
        return topics.dispatchRequests().substring(0, topics.dispatchRequests().length() - "requests".length());
    }

    /** The deployment gate's topics for {@link Topics#prefixed} topics. */
    public static DeploymentWiring deployments(String prefix) {
        return DeploymentWiring.of(prefix + DEPLOYMENTS, prefix + DEPLOY_COMMANDS, new InMemorySchemaRegistryClient());
    }

    /**
     * Creates every topic of {@link Topics#prefixed} topics and their deployment gate on a broker, each with
     * {@code partitions} partitions (the inputs must be co-partitioned), dated by the broker where the catalogue says so.
     */
    public static void createTopics(org.apache.kafka.clients.admin.Admin admin, Topics topics, int partitions) throws Exception {
        String prefix = topics.dispatchRequests().substring(0, topics.dispatchRequests().length() - "requests".length());
        java.util.Set<String> brokerDated = java.util.Set.of(topics.dispatchRequests(), topics.externalRequests(), topics.approvals(),
                prefix + DEPLOYMENTS);
        List<org.apache.kafka.clients.admin.NewTopic> all = new java.util.ArrayList<>();
        for (String name : allTopics(topics)) {
            org.apache.kafka.clients.admin.NewTopic topic = new org.apache.kafka.clients.admin.NewTopic(name, partitions, (short) 1);
            all.add(brokerDated.contains(name) ? topic.configs(java.util.Map.of("message.timestamp.type", "LogAppendTime")) : topic);
        }
        admin.createTopics(all).all().get();
    }

    /** Every topic of {@link Topics#prefixed} topics and their deployment gate, for a broker test to create. */
    public static List<String> allTopics(Topics topics) {
        String prefix = topics.dispatchRequests().substring(0, topics.dispatchRequests().length() - "requests".length());
        List<String> all = new java.util.ArrayList<>(topics.all());
        all.add(prefix + DEPLOYMENTS);
        all.add(prefix + DEPLOY_COMMANDS);
        return all;
    }
}
