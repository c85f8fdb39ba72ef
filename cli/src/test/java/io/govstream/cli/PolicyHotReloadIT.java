package io.govstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.ledger.LedgerVerifyCommand;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.cli.platform.PlatformSettings;
import io.govstream.events.LedgerEntry;
import io.govstream.events.LedgerEntryKind;
import io.govstream.ledger.VerificationReport;
import io.govstream.schemas.registry.RestSchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * On the embedded platform: {@code govctl policy apply} changes live decisions without a restart,
 * the ledger records the change, {@code policy rollback} restores the previous behaviour, and a
 * bad policy is refused with file, line and rule, publishing nothing.
 */
@Timeout(300)
class PolicyHotReloadIT {
    private static final String DENY_REASONING = """
            id: default-dispatch
            description: reasoning is paused
            rules:
              - id: pause-reasoning
                match: {intent: reason}
                when: request.tenant == 'acme' && !has(request.payload.urgent)
                effect: DENY
                reason: "reasoning is paused for ${tenant}"
              - id: permit-orbit-axon-reason
                match: {source: orbit, target: axon, intent: [reason, heartbeat]}
                effect: PERMIT
                reason: "orbit may ask axon to ${intent}"
            """;

    @TempDir
    Path dataDir;

    @Test
    void givenAPermittedDispatch_whenAPolicyDenyingItIsApplied_thenDecisionsChangeWithoutRestart_andRollbackRestoresThem()
            throws Exception {
        PlatformSettings settings = PlatformSettings.ephemeral(dataDir);
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(settings, step -> { })) {
            OrbitClient orbit = new OrbitClient(settings.orbitUrl(), platform.dispatcherTokens());
            assertThat(dispatch(orbit).path("decision").path("effect").asText()).isEqualTo("PERMIT");
            Run list = govctl("policy", "list", "--data-dir", dataDir.toString());
            assertThat(list.out).contains("default-dispatch", "v1", "govctl up");

            Path bad = Files.writeString(dataDir.resolve("bad.yaml"), DENY_REASONING.replace("request.tenant == 'acme'", "request.tenant == 1"));
            Run refused = govctl("policy", "apply", bad.toString(), "--data-dir", dataDir.toString());
            assertThat(refused.code).isEqualTo(ExitCodes.FAILURE);
            assertThat(refused.err).contains(bad + ":6: rule 'pause-reasoning': when: found no matching overload", "nothing published");
            assertThat(govctl("policy", "show", "default-dispatch", "--data-dir", dataDir.toString()).out).contains("default-dispatch v1");

            Path file = Files.writeString(dataDir.resolve("pause.yaml"), DENY_REASONING);
            Run applied = govctl("policy", "apply", file.toString(), "--author", "alice", "--data-dir", dataDir.toString());
            assertThat(applied.code).as(applied.err).isZero();
            assertThat(applied.out).contains("published default-dispatch v2", "by alice");

            // No restart: the next decisions use v2 as soon as the streams task has read the publication.
            JsonNode denied = await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ZERO)
                    .until(() -> dispatch(orbit), view -> view.path("decision").path("effect").asText().equals("DENY"));
            assertThat(denied.path("decision").path("ruleId").asText()).isEqualTo("pause-reasoning");
            assertThat(denied.path("decision").path("policyVersion").asText()).isEqualTo("2");
            assertThat(denied.path("reason").asText()).isEqualTo("reasoning is paused for acme");

            Run diff = govctl("policy", "diff", "default-dispatch", "--version", "1", "--data-dir", dataDir.toString());
            assertThat(diff.code).isEqualTo(3);
            assertThat(diff.out).contains("+  - id: pause-reasoning");

            Run rollback = govctl("policy", "rollback", "default-dispatch", "--author", "bob", "--data-dir", dataDir.toString());
            assertThat(rollback.code).as(rollback.err).isZero();
            assertThat(rollback.out).contains("rolled back default-dispatch to v1: published as v3");
            JsonNode restored = await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ZERO)
                    .until(() -> dispatch(orbit), view -> view.path("decision").path("effect").asText().equals("PERMIT"));
            assertThat(restored.path("decision").path("policyVersion").asText()).isEqualTo("3");

            int partitions = new Topics(platform.catalogue()).spec(Topics.POLICIES).partitions();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ledger(platform))
                    .filteredOn(e -> e.getKind() == LedgerEntryKind.POLICY_CHANGE)
                    .as("v2 and v3, once in each ledger partition").hasSize(2 * partitions));
            VerificationReport report = verify(platform);
            assertThat(report.isClean()).as(report.toString()).isTrue();
        }
    }

    private static JsonNode dispatch(OrbitClient orbit) throws Exception {
        String id = orbit.dispatch(new OrbitClient.Dispatch("axon", "reason", "alice", "acme", "{}"));
        return orbit.await(id, Duration.ofSeconds(60));
    }

    private record Run(int code, String out, String err) {
    }

    private static Run govctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Govctl.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static List<LedgerEntry> ledger(EmbeddedPlatform platform) {
        String topic = new Topics(platform.catalogue()).ledger();
        AvroSerde<LedgerEntry> serde = AvroSerde.forValue(LedgerEntry.class, new RestSchemaRegistryClient(platform.settings().registryUrl()), false);
        Map<String, Object> props = new HashMap<>(platform.adminClientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<LedgerEntry> entries = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> entries.add(serde.decode(topic, r.value())));
            }
        }
        return entries;
    }

    private static VerificationReport verify(EmbeddedPlatform platform) {
        Map<String, Object> admin = new HashMap<>(platform.adminClientProperties());
        admin.put("schema.registry.url", platform.settings().registryUrl());
        return LedgerVerifyCommand.verify(admin, null, null, new PrintWriter(new StringWriter()));
    }
}
