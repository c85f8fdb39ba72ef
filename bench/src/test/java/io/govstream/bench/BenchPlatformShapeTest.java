package io.govstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.topology.Topics;
import io.govstream.governance.GovernanceTopology;
import io.govstream.governance.app.ShippedTopology;
import io.govstream.policy.CostLimits;
import io.govstream.ledger.checkpoint.CheckpointPolicy;
import io.govstream.ledger.checkpoint.SigningKeys;
import io.govstream.ledger.gdpr.KeysetFileKek;
import io.govstream.runtime.commands.CommandSeal;
import io.govstream.runtime.commands.EventSeal;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.topology.Catalogue;
import io.govstream.topology.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The platform app of {@code govctl bench} is the topology governance-streams runs: same nodes,
 * stores, topics and wiring (signing, encryption, checkpoints, metrics, seal checks) as
 * {@code GovernanceService} builds from the settings {@code govctl up} gives it.
 */
class BenchPlatformShapeTest {
    private static final Topics TOPICS = new Topics(Catalogue.load());

    @TempDir
    Path platformDataDir;
    @TempDir
    Path platformKeyDir;
    @TempDir
    Path benchDir;

    @Test
    void givenGovctlUpSettings_whenTheBenchBuildsItsPlatformApp_thenItsTopologyAndWorkAreWhatGovernanceStreamsRuns() throws IOException {
        ShippedTopology.Built production = ShippedTopology.build(new ShippedTopology.Inputs(TOPICS,
                TOPICS.deployments(), TOPICS.deployCommands(), new InMemorySchemaRegistryClient(), Map.of("bootstrap.servers", "unused:9092"),
                new SimpleMeterRegistry(), keysAsGovctlUpMakesThem(), shippedSettings()));

        ShippedTopology.Built bench = Bench.platform(TOPICS, TOPICS.deployments(), TOPICS.deployCommands(),
                new InMemorySchemaRegistryClient(), Map.of("bootstrap.servers", "unused:9092"), ShippedTopology.Keys.createIn(benchDir), true);

        String shipped = production.topology().describe().toString();
        assertThat(shipped).as("the shipped shape has every optional part")
                .contains(GovernanceTopology.PROTECT_PERSONAL_DATA, GovernanceTopology.LEDGER_CHECKPOINT, GovernanceTopology.TO_AXON_COMMAND);
        assertThat(bench.topology().describe().toString()).isEqualTo(shipped);
        assertThat(bench.work()).isEqualTo(production.work())
                .anySatisfy(w -> assertThat(w).startsWith("sign each permitted command (Ed25519"))
                .anySatisfy(w -> assertThat(w).startsWith("encrypt personal fields"))
                .anySatisfy(w -> assertThat(w).startsWith("verify Orbit's seal"))
                .anySatisfy(w -> assertThat(w).startsWith("metrics (GovernanceMetrics"));
    }

    /** As {@code EmbeddedPlatform} makes them and hands their files to governance-streams. */
    private ShippedTopology.Keys keysAsGovctlUpMakesThem() {
        Path secrets = platformDataDir.resolve("broker-secrets");
        SigningKeys.loadOrCreate(platformDataDir);
        Path kek = platformKeyDir.resolve("ledger-kek.json");
        KeysetFileKek.create(kek);
        String commandKey = CommandSeal.keyFiles(secrets).createIfAbsent().toString();
        EventSeal.createIfAbsent(secrets);
        return ShippedTopology.Keys.of(SigningKeys.privateKeyFile(platformDataDir).toString(), KeysetFileKek.uri(kek),
                commandKey, EventSeal.publicFile(secrets).toString());
    }

    /** governance-streams' settings file, read as GovernanceService's {@code @Value}s read it. */
    @SuppressWarnings("unchecked")
    private static ShippedTopology.Settings shippedSettings() throws IOException {
        Map<String, Object> governance;
        try (InputStream in = BenchPlatformShapeTest.class.getClassLoader().getResourceAsStream("application-governance.yml")) {
            assertThat(in).as("application-governance.yml on the classpath").isNotNull();
            governance = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).<Map<String, Object>>load(in).get("governance");
        }
        Map<String, Object> policy = (Map<String, Object>) governance.get("policy");
        Map<String, Object> metrics = (Map<String, Object>) governance.get("metrics");
        Map<String, Object> commands = (Map<String, Object>) governance.get("commands");
        Map<String, Object> ledger = (Map<String, Object>) governance.get("ledger");
        String policyFile = (String) governance.get("policy-file");
        return new ShippedTopology.Settings(policyFile.isBlank() ? null : Path.of(policyFile),
                new CostLimits(number(policy.get("max-estimated-cost")), number(policy.get("max-evaluation-cost"))),
                duration(governance.get("max-request-age")), duration(commands.get("ttl")),
                new CheckpointPolicy(number(ledger.get("checkpoint-every")), duration(ledger.get("checkpoint-interval"))),
                (int) number(metrics.get("max-tenants")), (int) number(metrics.get("max-rules")));
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    /** Micronaut's short form: 10s, 5m, 1h. */
    private static Duration duration(Object value) {
        String text = value.toString();
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("not a duration of the settings file: " + text);
        };
    }
}
