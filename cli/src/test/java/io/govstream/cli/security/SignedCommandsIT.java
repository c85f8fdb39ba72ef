package io.govstream.cli.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.govstream.cli.GovctlRun;
import io.govstream.cli.PrivatePlatform;
import io.govstream.cli.TestPorts;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.cli.platform.PlatformSettings;
import io.govstream.events.DispatchCommand;
import io.govstream.events.DispatchResult;
import io.govstream.events.DispatchStatus;
import io.govstream.events.Envelope;
import io.govstream.runtime.commands.CommandSeal;
import io.govstream.schemas.registry.RestSchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone who can write the commands topic (here the super user, standing in for a stolen
 * credential or a bug) tries unsigned, tampered, foreign-key, expired and replayed commands:
 * Axon does none of them, reports each refusal as a REFUSED result with its reason, counts it
 * by reason, every refusal (the replay too) lands in the ledger, which still verifies, and the
 * replay is still refused, and ledgered, after a restart.
 */
@Timeout(300)
@PrivatePlatform("restarts the platform (a replay stays refused across a restart) and counts Axon's refusals from zero")
class SignedCommandsIT {
    @TempDir
    Path dataDir;
    @TempDir
    Path otherKeys;

    @Test
    void givenForgedCommands_whenAxonReadsThem_thenEachIsRefusedWithItsReason_andAReplayStaysRefusedAcrossARestart()
            throws Exception {
        PlatformSettings settings = TestPorts.platform(dataDir);
        Path secrets = dataDir.resolve("secrets");
        DispatchCommand replayed;
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(settings, step -> { })) {
            CommandSeal.Signer ours = CommandSeal.Signer.fromFile(CommandSeal.keyFiles(secrets).privateFile(), Duration.ofMinutes(10));
            CommandSeal.Signer foreign = CommandSeal.Signer.fromFile(CommandSeal.keyFiles(otherKeys).createIfAbsent(), Duration.ofMinutes(10));
            Instant now = Instant.now();

            DispatchCommand unsigned = command("unsigned");
            DispatchCommand tampered = DispatchCommand.newBuilder(ours.sign(command("tampered"), now)).setPayload("{\"all\":true}").build();
            DispatchCommand foreignKey = foreign.sign(command("foreign"), now);
            DispatchCommand expired = ours.sign(command("expired"), now.minus(Duration.ofHours(1)));
            replayed = ours.sign(command("replayed"), now);
            send(platform, unsigned, tampered, foreignKey, expired, replayed, replayed);

            Map<String, List<DispatchResult>> results = awaitResults(platform, 5);
            assertRefused(results, unsigned, "refused (unsigned)");
            assertRefused(results, tampered, "refused (tampered)");
            assertRefused(results, foreignKey, "refused (unknown-key)");
            assertRefused(results, expired, "refused (expired)");
            assertThat(results.get(replayed.getCommandId())).as("the replay was done once").singleElement()
                    .extracting(DispatchResult::getStatus).isEqualTo(DispatchStatus.SUCCEEDED);

            for (String reason : List.of("unsigned", "tampered", "unknown-key", "expired", "replayed")) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(refused(settings.axonPort(), reason)).as(reason).isEqualTo(1.0));
            }

            Map<DispatchCommand, String> ledgered = Map.of(unsigned, "refused (unsigned)", tampered, "refused (tampered)",
                    foreignKey, "refused (unknown-key)", expired, "refused (expired)", replayed, "refused (replayed)");
            ledgered.forEach((command, reason) -> await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(refusalsInLedger(command)).as(reason).singleElement().asString()
                            .contains("REFUSED", reason, command.getCommandId())));
            GovctlRun verify = GovctlRun.of("ledger", "verify", "--data-dir", dataDir.toString());
            assertThat(verify.code()).as(verify.printed()).isZero();
        }

        try (EmbeddedPlatform restarted = EmbeddedPlatform.start(settings, step -> { })) {
            send(restarted, replayed);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(refused(settings.axonPort(), "replayed")).isEqualTo(1.0));
            assertThat(readResults(restarted).get(replayed.getCommandId())).as("still done once after a restart").hasSize(1);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(refusalsInLedger(replayed)).as("both replays ledgered").hasSize(2));
            GovctlRun verify = GovctlRun.of("ledger", "verify", "--data-dir", dataDir.toString());
            assertThat(verify.code()).as(verify.printed()).isZero();
        }
    }

    /** The ledger's refusal entries of a command's correlation id, as `govctl ledger export` prints them. */
    private List<String> refusalsInLedger(DispatchCommand command) {
        GovctlRun export = GovctlRun.of("ledger", "export", "--correlation-id", command.getEnvelope().getCorrelationId(),
                "--data-dir", dataDir.toString());
        assertThat(export.code()).as(export.printed()).isZero();
        return export.out().lines().filter(line -> line.contains("REFUSED")).toList();
    }

    private static DispatchCommand command(String name) {
        String id = name + "-" + UUID.randomUUID();
        return DispatchCommand.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId(id).setCorrelationId("corr-" + id).setCausationId("forged")
                        .setTenant("acme").setOccurredAt(Instant.now()).setProducer("attacker").build())
                .setCommandId(id).setDecisionEventId("forged-" + id).setTarget("axon").setIntent("reason")
                .setSubject("mallory").setPayload("{}").build();
    }

    private static void send(EmbeddedPlatform platform, DispatchCommand... commands) throws Exception {
        Topics topics = new Topics(platform.catalogue());
        AvroSerde<DispatchCommand> serde = AvroSerde.forValue(DispatchCommand.class,
                RestSchemaRegistryClient.fromConfig(Map.of(RestSchemaRegistryClient.URL_CONFIG, platform.settings().registryUrl())), false);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(platform.adminClientProperties(),
                new StringSerializer(), new ByteArraySerializer())) {
            for (DispatchCommand command : commands) {
                producer.send(new ProducerRecord<>(topics.axonCommands(), command.getEnvelope().getCorrelationId().toString(),
                        serde.encode(topics.axonCommands(), command))).get();
            }
        }
    }

    private static Map<String, List<DispatchResult>> awaitResults(EmbeddedPlatform platform, int commandIds) {
        Map<String, List<DispatchResult>>[] last = new Map[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            last[0] = readResults(platform);
            return last[0].size() >= commandIds;
        });
        return last[0];
    }

    private static Map<String, List<DispatchResult>> readResults(EmbeddedPlatform platform) {
        Topics topics = new Topics(platform.catalogue());
        AvroSerde<DispatchResult> serde = AvroSerde.forValue(DispatchResult.class,
                RestSchemaRegistryClient.fromConfig(Map.of(RestSchemaRegistryClient.URL_CONFIG, platform.settings().registryUrl())), false);
        Map<String, Object> props = new HashMap<>(platform.adminClientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, List<DispatchResult>> byCommand = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.dispatchResults()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    DispatchResult result = serde.decode(record.topic(), record.value());
                    byCommand.computeIfAbsent(result.getCommandId(), k -> new ArrayList<>()).add(result);
                }
            }
        }
        return byCommand;
    }

    private static void assertRefused(Map<String, List<DispatchResult>> results, DispatchCommand command, String reason) {
        assertThat(results.get(command.getCommandId())).as(command.getCommandId()).singleElement().satisfies(result -> {
            assertThat(result.getStatus()).isEqualTo(DispatchStatus.REFUSED);
            assertThat(result.getError()).startsWith(reason);
            assertThat(result.getOutput()).isEqualTo("{}");
        });
    }

    private static double refused(int port, String reason) throws Exception {
        String prefix = "axon_commands_refused_total{reason=\"" + reason + "\"";
        return get(port).lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static String get(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
