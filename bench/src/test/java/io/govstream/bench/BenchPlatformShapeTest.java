package io.govstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.topology.Topics;
import io.govstream.governance.GovernanceTopology;
import io.govstream.governance.app.ShippedTopology;
import io.govstream.ledger.checkpoint.SigningKeys;
import io.govstream.ledger.gdpr.KeysetFileKek;
import io.govstream.runtime.commands.CommandSeal;
import io.govstream.runtime.commands.EventSeal;
import io.govstream.runtime.tracing.Tracing;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.topology.Catalogue;
import io.govstream.topology.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.Map;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
                new InMemorySchemaRegistryClient(), Map.of("bootstrap.servers", "unused:9092"),
                new SimpleMeterRegistry(), keysAsGovctlUpMakesThem(), shippedSettings(), Tracing.off()));

        ShippedTopology.Built bench = Bench.platform(TOPICS, new InMemorySchemaRegistryClient(), Map.of("bootstrap.servers", "unused:9092"), ShippedTopology.Keys.createIn(benchDir), true);

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
        EventSeal.keyFiles(secrets).createIfAbsent();
        return ShippedTopology.Keys.of(SigningKeys.privateKeyFile(platformDataDir).toString(), KeysetFileKek.uri(kek),
                commandKey, EventSeal.keyFiles(secrets).publicFile().toString());
    }

    /** governance-streams' settings with nothing set, bound as GovernanceService gets them. */
    private static ShippedTopology.Settings shippedSettings() {
        try (io.micronaut.context.ApplicationContext context = io.micronaut.context.ApplicationContext.builder()
                .environments("governance").start()) {
            return context.getBean(io.govstream.governance.app.GovernanceSettings.class).topology();
        }
    }
}
