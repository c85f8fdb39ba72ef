package io.govstream.governance;

import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.govstream.broker.BrokerSettings;
import io.govstream.broker.EmbeddedKafka;
import io.govstream.events.DeadLetter;
import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.events.LedgerEntryKind;
import io.govstream.events.PolicyMode;
import io.govstream.events.PolicySetPublished;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyKeys;
import io.govstream.policy.PolicyPublication;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySource;
import io.govstream.ledger.KafkaLedgerReader;
import io.govstream.ledger.LedgerRecord;
import io.govstream.ledger.LedgerVerifier;
import io.govstream.ledger.VerificationReport;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** governance-streams on a real broker under exactly_once_v2, across a restart with lost local state. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class GovernanceStreamsIT {
    /** The catalogue's partition count of the requests: one task, and one ledger chain, per partition. */
    private static final int TASKS = Topics.prefixed("").spec(Topics.DISPATCH_REQUESTS).partitions();
    @TempDir
    static Path dataDir;
    private EmbeddedKafka kafka;
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final TopicSerdes serdes = new TopicSerdes(registry);

    @BeforeAll
    void startBroker() {
        kafka = EmbeddedKafka.start(BrokerSettings.ephemeral(dataDir.resolve("broker")));
    }

    @AfterAll
    void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void givenRequests_whenTheAppRestartsWithFreshState_thenTheLedgerChainContinuesAndVerifies() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Topics topics = createdTopics("it-" + id + "-", TASKS);
        String applicationId = "governance-streams-it-" + id;

        // given: a first instance decides four requests (two per chain: requests are decided, and ledgered, in the
        // task of their tenant) and dead-letters one bad record
        try (GovernanceStreamsRunner first = runner(topics, applicationId, "state-1")) {
            first.start();
            send(topics, 0, Requests.reason("c-1"));
            send(topics, 1, Requests.request("c-2", "orbit", "axon", "shutdown"));
            sendRaw(topics, 0, "garbage".getBytes(StandardCharsets.UTF_8));
            send(topics, 0, Requests.request("c-3", "orbit", "billing", "refund"));
            send(topics, 1, Requests.reason("c-4"));

            await().atMost(Duration.ofSeconds(60)).until(() -> readAll(topics.ledger()).size() == 4);
            await().atMost(Duration.ofSeconds(30)).until(() -> readAll(topics.deadLetters()).size() == 1);
        }
        Map<String, GovernanceDecision> decided = decisions(topics);
        assertThat(decided).hasSize(4);
        assertThat(decided.get("c-1").getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(decided.get("c-2").getRuleId()).isEqualTo("deny-shutdown");
        assertThat(decided.get("c-3").getRuleId()).isEqualTo("default-deny");
        assertThat(readAll(topics.axonCommands())).hasSize(2);
        DeadLetter letter = serdes.value(Topics.DEAD_LETTERS).deserializer().deserialize(topics.deadLetters(), readAll(topics.deadLetters()).get(0).value());
        assertThat(letter.getSourceTopic()).isEqualTo(topics.dispatchRequests());
        assertThat(letter.getSourcePartition()).isZero();
        assertThat(letter.getSourceOffset()).isEqualTo(1);

        // when: a new instance starts on empty local state and decides more requests
        try (GovernanceStreamsRunner second = runner(topics, applicationId, "state-2")) {
            second.start();
            send(topics, 0, Requests.reason("c-5"));
            send(topics, 1, Requests.reason("c-6"));
            await().atMost(Duration.ofSeconds(60)).until(() -> readAll(topics.ledger()).size() == 6);
            assertThat(second.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }

        // then: the restored heads continued each partition's chain, and the whole topic verifies
        List<LedgerEntry> entries = readAll(topics.ledger()).stream()
                .map(r -> serdes.value(Topics.LEDGER).deserializer().deserialize(topics.ledger(), r.value())).toList();
        for (int partition = 0; partition < 2; partition++) {
            int p = partition;
            List<LedgerEntry> chain = entries.stream().filter(e -> e.getPartition() == p).toList();
            assertThat(chain).extracting(LedgerEntry::getSequence).containsExactly(0L, 1L, 2L);
            assertThat(chain.get(2).getPrevHash()).isEqualTo(chain.get(1).getHash());
        }
        assertThat(entries).extracting(LedgerEntry::getSubjectKey).contains("c-5", "c-6");
        LedgerVerifier verifier = new LedgerVerifier(b -> serdes.value(Topics.LEDGER).deserializer().deserialize(topics.ledger(), b));
        new KafkaLedgerReader(kafka.adminClientProperties(), topics.ledger()).replayFromStart(verifier::accept);
        VerificationReport report = verifier.report();
        assertThat(report.isClean()).as(report.toString()).isTrue();
        assertThat(report.entriesChecked()).isEqualTo(6);
        assertThat(decisions(topics)).hasSize(6);
    }

    @Test
    void givenAPolicyWrittenOnceByAPlainProducer_thenEveryTaskDecidesByIt_andEveryChainLedgersTheChange() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Topics topics = createdTopics("bc-" + id + "-", TASKS);
        try (GovernanceStreamsRunner runner = runner(topics, "governance-streams-bc-" + id, "state-bc")) {
            runner.start();
            // when: any Kafka client writes one publication, once, to one partition of its choice
            PolicySetPublished paused = PolicyPublication.of(PolicyEnvironment.standard(), """
                    id: paused
                    rules:
                      - id: deny-reason
                        match: {intent: reason}
                        effect: DENY
                        reason: "reasoning is paused"
                    """, "paused.yaml", 1, "alice", PolicyMode.ACTIVE, null, null, Instant.now());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(bytesProducer())) {
                producer.send(new ProducerRecord<>(topics.policies(), TASKS - 1,
                        PolicyKeys.topicKey(paused).getBytes(StandardCharsets.UTF_8),
                        serdes.value(Topics.POLICIES).serializer().serialize(topics.policies(), paused))).get();
            }

            // then: every chain records the change, in the task that writes it
            await().atMost(Duration.ofSeconds(60)).until(() -> ledger(topics).stream()
                    .filter(e -> e.getKind() == LedgerEntryKind.POLICY_CHANGE).count() == TASKS);
            assertThat(ledger(topics)).filteredOn(e -> e.getKind() == LedgerEntryKind.POLICY_CHANGE)
                    .extracting(LedgerEntry::getPartition).containsExactlyInAnyOrderElementsOf(
                            java.util.stream.IntStream.range(0, TASKS).boxed().toList());
            // and a request decided in each task is decided by it
            for (int task = 0; task < TASKS; task++) {
                send(topics, task, Requests.reason("bc-" + task));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> decisions(topics).size() == TASKS);
        }
        assertThat(decisions(topics).values()).allSatisfy(d -> {
            assertThat(d.getPolicySetId()).isEqualTo("paused");
            assertThat(d.getEffect()).isEqualTo(Effect.DENY);
        });
        assertThat(ledger(topics)).filteredOn(e -> e.getKind() == LedgerEntryKind.DECISION)
                .extracting(LedgerEntry::getPartition).containsExactlyInAnyOrderElementsOf(
                        java.util.stream.IntStream.range(0, TASKS).boxed().toList());
    }

    @Test
    void givenTopicsOfAnotherPartitionCountThanTheCatalogue_whenChecked_thenEachIsNamedWithWhatToDo() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Topics topics = Topics.prefixed("tp-" + id + "-");
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            // nothing created yet (waited for 2 s)
            assertThat(io.govstream.governance.app.TaskPartitions.problems(admin, topics, Duration.ofSeconds(2)))
                    .containsExactly(topics.dispatchRequests() + " does not exist: create the catalogue's topics first ('govctl topology apply')",
                            topics.ledger() + " does not exist: create the catalogue's topics first ('govctl topology apply')");

            ShippedShape.createTopics(admin, topics, TASKS + 1);

            assertThat(io.govstream.governance.app.TaskPartitions.problems(admin, topics, Duration.ofSeconds(30)))
                    .hasSize(2).allSatisfy(problem -> assertThat(problem)
                            .contains("has " + (TASKS + 1) + " partitions, but the catalogue says " + TASKS, "govctl topology plan"));
        }
        Topics matching = createdTopics("tq-" + id + "-", TASKS);
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            assertThat(io.govstream.governance.app.TaskPartitions.problems(admin, matching, Duration.ofSeconds(30))).isEmpty();
        }
    }

    /** The shipped catalogue's topics under {@code prefix}, created on the broker with {@code partitions} partitions each. */
    private Topics createdTopics(String prefix, int partitions) throws Exception {
        Topics topics = Topics.prefixed(prefix);
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            ShippedShape.createTopics(admin, topics, partitions);
        }
        return topics;
    }

    private List<LedgerEntry> ledger(Topics topics) {
        return readAll(topics.ledger()).stream()
                .map(r -> serdes.value(Topics.LEDGER).deserializer().deserialize(topics.ledger(), r.value())).toList();
    }

    private Map<String, Object> bytesProducer() {
        Map<String, Object> props = new HashMap<>(kafka.adminClientProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    private GovernanceStreamsRunner runner(Topics topics, String applicationId, String stateDir) {
        Map<String, Object> client = new HashMap<>(kafka.adminClientProperties());
        client.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        client.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        return new GovernanceStreamsRunner(
                ShippedShape.build(topics, serdes, PolicySource.fixed(PolicyLoader.loadDefault())),
                GovernanceStreamsConfig.properties(client, dataDir.resolve(stateDir), topics.deadLetters(), serdes.value(Topics.DEAD_LETTERS)));
    }

    private Map<String, GovernanceDecision> decisions(Topics topics) {
        Map<String, GovernanceDecision> out = new HashMap<>();
        readAll(topics.decisions()).forEach(r -> {
            GovernanceDecision d = serdes.value(Topics.DECISIONS).deserializer().deserialize(topics.decisions(), r.value());
            out.put(d.getEnvelope().getCorrelationId(), d);
        });
        return out;
    }

    /** Every committed record of a topic, read with the ledger's own read_committed replay. */
    private List<LedgerRecord> readAll(String topic) {
        List<LedgerRecord> records = new ArrayList<>();
        new KafkaLedgerReader(kafka.adminClientProperties(), topic).replayFromStart(records::add);
        return records;
    }

    /** Sends to input partition {@code partition} a request of a tenant whose requests are decided by task {@code partition}. */
    private void send(Topics topics, int partition, DispatchRequested request) throws Exception {
        request.getEnvelope().setOccurredAt(Instant.now());
        request.getEnvelope().setTenant(tenantOfTask(partition, TASKS));
        sendRaw(topics, partition, serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(topics.dispatchRequests(), request));
    }

    /** A tenant that routing by scope sends to task {@code task} of {@code tasks} (the default partitioner's choice). */
    private static String tenantOfTask(int task, int tasks) {
        for (int n = 0; ; n++) {
            String tenant = "tenant-" + n;
            if (Utils.toPositive(Utils.murmur2(tenant.getBytes(StandardCharsets.UTF_8))) % tasks == task) {
                return tenant;
            }
        }
    }

    private void sendRaw(Topics topics, int partition, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(bytesProducer())) {
            producer.send(new ProducerRecord<>(topics.dispatchRequests(), partition, null, value)).get();
        }
    }
}
