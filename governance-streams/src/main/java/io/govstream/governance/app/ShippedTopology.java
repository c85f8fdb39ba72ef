package io.govstream.governance.app;

import io.govstream.events.DispatchCommand;
import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import io.govstream.governance.GovernanceTopology;
import io.govstream.governance.LedgerWiring;
import io.govstream.governance.app.metrics.GovernanceMetrics;
import io.govstream.governance.deployment.DeploymentWiring;
import io.govstream.governance.dispatch.DispatchDecider;
import io.govstream.policy.CostLimits;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySet;
import io.govstream.policy.PolicySource;
import io.govstream.ledger.KafkaLedgerStore;
import io.govstream.ledger.LedgerCodec;
import io.govstream.ledger.LedgerHeadRecovery;
import io.govstream.ledger.checkpoint.CheckpointPolicy;
import io.govstream.ledger.checkpoint.SigningKeys;
import io.govstream.ledger.gdpr.KekSources;
import io.govstream.ledger.gdpr.KeysetFileKek;
import io.govstream.runtime.commands.CommandSeal;
import io.govstream.runtime.commands.EventSeal;
import io.govstream.runtime.tracing.Tracing;
import io.govstream.schemas.registry.SchemaRegistryClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The governance topology as governance-streams runs it: keys, limits, observer and deployment
 * gate wired from its settings. {@link GovernanceService} and {@code govctl bench} both build it
 * here, so the benchmark measures the shape that ships (signed commands, encrypted personal
 * fields, signed checkpoints, metrics), not a lighter one.
 */
public final class ShippedTopology {
    private static final Logger LOG = LoggerFactory.getLogger(ShippedTopology.class);

    private ShippedTopology() {
    }

    /**
     * Key files; a null one switches its feature off, with a warning, as an empty setting does.
     *
     * @param checkpointSigningKey Tink Ed25519 keyset that signs ledger checkpoints ({@code governance.ledger.signing-key})
     * @param kek                  key URI of the KEK wrapping per-subject data keys ({@code governance.ledger.kek}): a Tink
     *                             AES-256-GCM keyset file (path or {@code file://}), {@code env://NAME}, or a KMS key
     *                             URI whose client is registered in {@link KekSources}
     * @param commandSigningKey    Tink Ed25519 keyset that signs commands ({@code governance.commands.signing-key})
     * @param votesVerifyKey       public keyset of Orbit's event seal ({@code governance.votes.verify-key})
     */
    public record Keys(Path checkpointSigningKey, String kek, Path commandSigningKey, Path votesVerifyKey) {

        /** From the settings' strings: blank = not set. */
        public static Keys of(String checkpointSigningKey, String kek, String commandSigningKey, String votesVerifyKey) {
            return new Keys(path(checkpointSigningKey), kek == null || kek.isBlank() ? null : kek.strip(), path(commandSigningKey),
                    path(votesVerifyKey));
        }

        /**
         * Every key made fresh under {@code keysDir}, with the utilities {@code govctl up} uses: for a
         * benchmark or a test that needs the shipped wiring without a platform. The KEK gets its own
         * subdirectory, {@code kek/}, as govctl keeps it apart from the other keys.
         */
        public static Keys createIn(Path keysDir) {
            Path secrets = keysDir.resolve("secrets");
            SigningKeys.loadOrCreate(keysDir);
            Path kek = keysDir.resolve("kek").resolve("ledger-kek.json");
            KeysetFileKek.create(kek);
            Path commandKey = CommandSeal.keyFiles(secrets).createIfAbsent();
            EventSeal.keyFiles(secrets).createIfAbsent();
            return new Keys(SigningKeys.privateKeyFile(keysDir), KeysetFileKek.uri(kek), commandKey, EventSeal.keyFiles(secrets).publicFile());
        }

        /** The same keys without the checkpoint signer: no Merkle checkpoints. */
        public Keys withoutCheckpoints() {
            return new Keys(null, kek, commandSigningKey, votesVerifyKey);
        }

        private static Path path(String setting) {
            return setting == null || setting.isBlank() ? null : Path.of(setting);
        }
    }

    /**
     * The other settings of governance-streams ({@code application-governance.yml}).
     *
     * @param policyFile    a policy set YAML file, or null for the shipped default policy
     * @param limits        CEL cost limits ({@code governance.policy.max-*-cost})
     * @param maxRequestAge {@code governance.max-request-age}
     * @param commandTtl    {@code governance.commands.ttl}
     * @param checkpoints   {@code governance.ledger.checkpoint-every} and {@code -interval}
     * @param maxTenants    {@code governance.metrics.max-tenants}
     * @param maxRules      {@code governance.metrics.max-rules}
     */
    public record Settings(Path policyFile, CostLimits limits, Duration maxRequestAge, Duration commandTtl, CheckpointPolicy checkpoints,
                           int maxTenants, int maxRules) {

        /** The defaults of {@code application-governance.yml}. */
        public static final Settings DEFAULTS = new Settings(null, CostLimits.DEFAULTS, Duration.ofMinutes(5), Duration.ofHours(1),
                CheckpointPolicy.DEFAULT, 20, 100);

        public Settings {
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(maxRequestAge, "maxRequestAge");
            Objects.requireNonNull(commandTtl, "commandTtl");
            Objects.requireNonNull(checkpoints, "checkpoints");
        }
    }

    /**
     * What the topology is built from.
     *
     * @param topics         every governance role
     * @param registry       the schema registry client of every serde
     * @param ledgerReader   Kafka client settings of the consumer that recovers a lost ledger head
     * @param meters         where the decision metrics go
     * @param tracing        a span per decision, or off
     */
    public record Inputs(Topics topics, SchemaRegistryClient registry, Map<String, ?> ledgerReader, MeterRegistry meters, Keys keys,
                         Settings settings, Tracing tracing) {
        public Inputs {
            Objects.requireNonNull(tracing, "tracing");
            Objects.requireNonNull(topics, "topics");
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(ledgerReader, "ledgerReader");
            Objects.requireNonNull(meters, "meters");
            Objects.requireNonNull(keys, "keys");
            Objects.requireNonNull(settings, "settings");
        }
    }

    /**
     * The topology and what it was built with.
     *
     * @param work what the topology does per request and beside it, one item each, in words (no key ids,
     *             so two builds with different keys of the same kind list the same work)
     */
    public record Built(Topology topology, PolicySet policy, TopicSerdes serdes, List<String> work) {
    }

    public static Built build(Inputs in) {
        Settings settings = in.settings();
        Keys keys = in.keys();
        PolicyEnvironment environment = PolicyEnvironment.standard().withLimits(settings.limits());
        PolicySet policy = settings.policyFile() == null
                ? PolicyLoader.parse(PolicyLoader.readResource(PolicyLoader.DEFAULT_RESOURCE), "classpath:" + PolicyLoader.DEFAULT_RESOURCE, environment)
                : PolicyLoader.load(settings.policyFile(), environment);
        TopicSerdes serdes = new TopicSerdes(in.registry());
        GovernanceMetrics observer = new GovernanceMetrics(in.meters(), settings.maxTenants(), settings.maxRules());
        List<String> work = new ArrayList<>(List.of(
                "decode (Avro), route by tenant (repartition)",
                "policy (CEL, cost limits " + settings.limits().estimated() + "/" + settings.limits().evaluation() + ")",
                "state windows (rate, daily counts, recent denials), request ids, max request age " + settings.maxRequestAge(),
                "metrics (GovernanceMetrics, Micrometer)"));

        String ledgerTopic = in.topics().ledger();
        LedgerCodec ledgerCodec = new LedgerCodec(entry -> serdes.value(Topics.LEDGER).serializer().serialize(ledgerTopic, entry),
                bytes -> serdes.value(Topics.LEDGER).deserializer().deserialize(ledgerTopic, bytes));
        LedgerWiring ledger = new LedgerWiring(
                LedgerHeadRecovery.verifying(new KafkaLedgerStore(in.ledgerReader(), ledgerTopic, ledgerCodec), ledgerCodec.decoder()),
                keys.checkpointSigningKey() == null ? null : SigningKeys.signer(keys.checkpointSigningKey()),
                settings.checkpoints(),
                keys.kek() == null ? null : KekSources.standard().load(keys.kek()));
        work.add("ledger hash chain (SHA-256) and Merkle frontier");
        if (ledger.checkpoints()) {
            work.add("signed checkpoints (Ed25519) every " + settings.checkpoints().everyEntries() + " entries or "
                    + settings.checkpoints().interval());
        } else {
            LOG.warn("governance.ledger.signing-key is not set: the ledger is hash-chained but no signed checkpoints are written");
        }
        if (ledger.protectsPersonalData()) {
            LOG.info("wrapping the data keys of personal fields with the KEK {}", ledger.kek().id());
            work.add("encrypt personal fields (AES-256-GCM, a data key per subject)");
        } else {
            LOG.warn("governance.ledger.kek is not set: personal data is stored in the ledger in clear and cannot be erased");
        }

        UnaryOperator<DispatchCommand> sealCommands;
        DeploymentWiring deployments = DeploymentWiring.of(in.topics().deployments(), in.topics().deployCommands(), in.registry());
        if (keys.commandSigningKey() == null) {
            LOG.warn("governance.commands.signing-key is not set: commands go out unsigned and workers will refuse them");
            sealCommands = UnaryOperator.identity();
        } else {
            CommandSeal.Signer signer = CommandSeal.Signer.fromFile(keys.commandSigningKey(), settings.commandTtl());
            LOG.info("signing commands with key {} (expiry {} after the decision)", signer.keyId(), settings.commandTtl());
            sealCommands = command -> signer.sign(command, Instant.now());
            deployments = deployments.signedBy(signer);
            work.add("sign each permitted command (Ed25519, expiry " + settings.commandTtl() + ")");
        }

        EventSeal.Verifier votes;
        if (keys.votesVerifyKey() == null) {
            LOG.warn("governance.votes.verify-key is not set: no vote can be verified, so every vote is dead-lettered");
            votes = EventSeal.Verifier.refusingAll("governance-streams has no key to verify Orbit's seal (governance.votes.verify-key)");
        } else {
            votes = EventSeal.Verifier.fromFile(keys.votesVerifyKey());
            work.add("verify Orbit's seal on votes and deployment events (Ed25519)");
        }

        if (in.tracing().on()) {
            work.add("a span per decision (OpenTelemetry)");
        }
        Topology topology = GovernanceTopology.build(in.topics(), serdes, PolicySource.fixed(policy),
                new DispatchDecider(settings.maxRequestAge()), observer, environment, ledger, sealCommands, deployments, votes,
                in.tracing());
        return new Built(topology, policy, serdes, List.copyOf(work));
    }
}
