package io.govstream.governance;

import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.govstream.broker.BrokerSettings;
import io.govstream.broker.EmbeddedKafka;
import io.govstream.events.ApprovalEvent;
import io.govstream.events.ApprovalGranted;
import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.EscalationStep;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.events.deployment.DeployCommand;
import io.govstream.events.deployment.DeploymentCompleted;
import io.govstream.events.deployment.DeploymentDecision;
import io.govstream.events.deployment.DeploymentEvent;
import io.govstream.events.deployment.HealthReported;
import io.govstream.events.deployment.PromotionRequested;
import io.govstream.events.deployment.TrafficSwitched;
import io.govstream.governance.clock.InputClock;
import io.govstream.governance.deployment.DeploymentWiring;
import io.govstream.schemas.serde.AvroSerde;
import java.util.function.UnaryOperator;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySource;
import io.govstream.ledger.KafkaLedgerReader;
import io.govstream.ledger.LedgerRecord;
import io.govstream.ledger.LedgerVerifier;
import io.govstream.ledger.PayloadDecoder;
import io.govstream.ledger.VerificationReport;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact governance on a real broker with three partitions. Scope: whatever partition and key a
 * producer chooses, a rate limit of L admits exactly L per tenant, and a vote reaches the escalation
 * it votes on (requests are written round-robin to every partition with random keys, as Orbit keys
 * them). Clock: votes that arrive while governance-streams is down are judged, after its restart, by
 * the time the broker appended them, each decided once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ExactGovernanceIT {
    private static final int PARTITIONS = 3;
    private static final int LIMIT = 10;
    private static final String POLICY = """
            id: limits
            rules:
              - id: reason-within-rate
                match: {target: axon, intent: reason}
                effect: PERMIT
                when: state.rate("1h") < %d
                reason: "within the rate limit"
              - id: escalate-prod-deploys
                match: {intent: deploy-prod}
                effect: ESCALATE
                reason: "production deploys need approval"
                obligations:
                  escalation: {approvals: {devops: 1}, timeout: 1h}
              - id: escalate-quick-deploys
                match: {intent: deploy-quick}
                effect: ESCALATE
                reason: "quick deploys need approval within 15 seconds"
                obligations:
                  escalation: {approvals: {devops: 1}, timeout: 15s}
            """.formatted(LIMIT);

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
    void givenARateLimitOfTen_whenFortyRequestsPerTenantArriveOnEveryPartition_thenExactlyTenPerTenantArePermitted() throws Exception {
        Topics topics = createTopics();
        List<String> tenants = List.of("acme", "globex", "initech");
        int perTenant = 4 * LIMIT;
        Map<String, String> tenantOf = new HashMap<>();
        Set<Integer> partitionsWritten = new TreeSet<>();
        try (GovernanceStreamsRunner governance = runner(topics)) {
            governance.start();
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                for (int n = 0; n < perTenant * tenants.size(); n++) {
                    String tenant = tenants.get(n % tenants.size());
                    String id = UUID.randomUUID().toString();
                    tenantOf.put(id, tenant);
                    int partition = (n / tenants.size()) % PARTITIONS;
                    partitionsWritten.add(partition);
                    producer.send(new ProducerRecord<>(topics.dispatchRequests(), partition, id.getBytes(),
                            encode(topics, request(id, tenant, "reason")))).get();
                }
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> readAll(topics.decisions()).size() == tenantOf.size());
        }

        assertThat(partitionsWritten).as("every tenant's requests were spread over all partitions").hasSize(PARTITIONS);
        Map<String, GovernanceDecision> decided = decisions(topics);
        assertThat(decided).hasSize(tenants.size() * perTenant);
        Map<String, Long> permittedPerTenant = decided.values().stream().filter(d -> d.getEffect() == Effect.PERMIT)
                .collect(Collectors.groupingBy(d -> tenantOf.get(d.getEnvelope().getCorrelationId()), Collectors.counting()));
        assertThat(permittedPerTenant).as("a limit of %d admits exactly %d per tenant at %d partitions", LIMIT, LIMIT, PARTITIONS)
                .containsExactlyInAnyOrderEntriesOf(Map.of("acme", (long) LIMIT, "globex", (long) LIMIT, "initech", (long) LIMIT));
        assertThat(decided.values()).filteredOn(d -> d.getEffect() == Effect.DENY)
                .hasSize(tenants.size() * (perTenant - LIMIT))
                .allSatisfy(d -> assertThat(d.getRuleId()).isEqualTo("default-deny"));
        assertThat(readAll(topics.axonCommands())).hasSize(tenants.size() * LIMIT);
        VerificationReport report = verify(topics);
        assertThat(report.isClean()).as(report.toString()).isTrue();
        assertThat(report.entriesChecked()).isEqualTo(tenants.size() * perTenant);
    }

    @Test
    void givenAnEscalationParkedInItsTenantsTask_whenTheVoteArrivesOnEveryOtherPartition_thenItIsCountedAndPermits() throws Exception {
        Topics topics = createTopics();
        String id = UUID.randomUUID().toString();
        try (GovernanceStreamsRunner governance = runner(topics); KafkaProducer<byte[], byte[]> producer = producer()) {
            governance.start();
            producer.send(new ProducerRecord<>(topics.dispatchRequests(), 0, id.getBytes(),
                    encode(topics, request(id, "acme", "deploy-prod")))).get();
            await().atMost(Duration.ofSeconds(60)).until(() -> decisions(topics).containsKey(id));
            assertThat(decisions(topics).get(id).getEffect()).isEqualTo(Effect.ESCALATE);

            // the votes' keys and partitions have nothing to do with the escalation's tenant
            for (int partition = 0; partition < PARTITIONS; partition++) {
                ApprovalEvent vote = ApprovalEvent.newBuilder().setVote(ApprovalGranted.newBuilder()
                        .setEnvelope(envelope("vote-" + partition, id, "-")).setCorrelationId(id)
                        .setApprover("approver-" + partition).setRole("devops").setVoterTenants(java.util.List.of("*")).build()).build();
                byte[] value = serdes.value(Topics.APPROVALS).serializer().serialize(topics.approvals(), vote);
                producer.send(new ProducerRecord<>(topics.approvals(), partition, ("any-key-" + partition).getBytes(), value,
                        ShippedShape.sealed(topics.approvals(), value))).get();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> readAll(topics.decisions()).size() == 2);
            // the two later votes reach the same task too: ledgered there as ignored, the escalation being decided
            await().atMost(Duration.ofSeconds(60)).until(() -> readAll(topics.ledger()).size() == 2 + PARTITIONS);
        }

        List<GovernanceDecision> forRequest = readAll(topics.decisions()).stream()
                .map(r -> serdes.value(Topics.DECISIONS).deserializer().deserialize(topics.decisions(), r.value())).toList();
        assertThat(forRequest).extracting(GovernanceDecision::getEffect).containsExactly(Effect.ESCALATE, Effect.PERMIT);
        assertThat(readAll(topics.axonCommands())).hasSize(1);
        List<LedgerEntry> ledger = readAll(topics.ledger()).stream()
                .map(r -> serdes.value(Topics.LEDGER).deserializer().deserialize(topics.ledger(), r.value())).toList();
        assertThat(ledger).extracting(LedgerEntry::getPartition).as("one chain holds the escalation, every vote and the decision")
                .containsOnly(ledger.get(0).getPartition());
        VerificationReport report = verify(topics);
        assertThat(report.isClean()).as(report.toString()).isTrue();
    }

    @Test
    void givenTwoEscalations_whenGovernanceIsDownAcrossTheirDeadline_andOneVoteComesInTimeAndOneLate_thenEachIsDecidedByItsAppendTimeOnce()
            throws Exception {
        Topics topics = createTopics();
        String inTime = "in-time-" + UUID.randomUUID();
        String late = "late-" + UUID.randomUUID();
        Map<String, Instant> deadlines = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            try (GovernanceStreamsRunner governance = runner(topics)) {
                governance.start();
                for (String id : List.of(inTime, late)) {
                    producer.send(new ProducerRecord<>(topics.dispatchRequests(), id.getBytes(),
                            encode(topics, request(id, "acme", "deploy-quick")))).get();
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> decisions(topics).keySet().containsAll(List.of(inTime, late)));
                decisions(topics).forEach((id, d) -> deadlines.put(id, d.getEnvelope().getOccurredAt().plusSeconds(15)));
            } // governance-streams is down from here

            vote(producer, topics, inTime, "bob");
            assertThat(Instant.now()).as("precondition: the first vote was appended before its deadline")
                    .isBefore(deadlines.get(inTime));
            Instant pastDeadline = deadlines.get(late).plus(InputClock.ALLOWED_SKEW).plusSeconds(1);
            await().atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(pastDeadline));
            vote(producer, topics, late, "carol");

            try (GovernanceStreamsRunner restarted = runner(topics)) {
                restarted.start();
                await().atMost(Duration.ofSeconds(90)).until(() -> readAll(topics.decisions()).size() == 4);
                await().atMost(Duration.ofSeconds(30)).until(() -> readAll(topics.ledger()).size() == 6);
            }
        }

        List<GovernanceDecision> all = readAll(topics.decisions()).stream()
                .map(r -> serdes.value(Topics.DECISIONS).deserializer().deserialize(topics.decisions(), r.value())).toList();
        assertThat(all).filteredOn(d -> d.getEnvelope().getCorrelationId().equals(inTime))
                .extracting(GovernanceDecision::getEffect).as("decided once, by the vote appended in time")
                .containsExactly(Effect.ESCALATE, Effect.PERMIT);
        assertThat(all).filteredOn(d -> d.getEnvelope().getCorrelationId().equals(late))
                .extracting(GovernanceDecision::getEffect).containsExactly(Effect.ESCALATE, Effect.DENY);
        assertThat(all).filteredOn(d -> d.getEnvelope().getCorrelationId().equals(late)).last()
                .satisfies(d -> assertThat(d.getReason()).startsWith("escalation timed out after PT15S: still needed devops 1"));
        assertThat(readAll(topics.axonCommands())).hasSize(1);
        List<String> notes = readAll(topics.ledger()).stream()
                .map(r -> serdes.value(Topics.LEDGER).deserializer().deserialize(topics.ledger(), r.value()))
                .filter(e -> e.getPayloadType().equals(EscalationStep.getClassSchema().getFullName()))
                .map(e -> decodeStep(e).getNote()).toList();
        assertThat(notes).hasSize(2);
        assertThat(notes).anySatisfy(n -> assertThat(n).startsWith("approved by bob (devops)"));
        assertThat(notes).anySatisfy(n -> assertThat(n).startsWith("ignored: cast at ").contains("after the deadline"));
        VerificationReport report = verify(topics);
        assertThat(report.isClean()).as(report.toString()).isTrue();
        System.out.printf("CLOCK REPORT restart across deadlines: decisions=%d, ledger entries=%d, notes=%s%n", all.size(),
                report.entriesChecked(), notes);
    }

    @Test
    void givenAGateMidSoakAndTwoWatches_whenGovernanceIsDownAcrossTheirEnds_thenAfterRestartEachIsDecidedByItsAppendTimeOnce()
            throws Exception {
        Topics topics = createTopics();
        String prefix = ShippedShape.prefixOf(topics);
        DeploymentWiring wiring = new DeploymentWiring(prefix + ShippedShape.DEPLOYMENTS, prefix + ShippedShape.DEPLOY_COMMANDS,
                AvroSerde.forValue(DeploymentEvent.class, registry), AvroSerde.forValue(DeployCommand.class, registry),
                PolicySource.fixed(PolicyLoader.parse(QUICK_RELEASES, "quick-releases.yaml")), UnaryOperator.identity(),
                DeploymentWiring.DEFAULT_SWEEP, DeploymentWiring.DEFAULT_COMMAND_TTL);
        Instant watchesEnd;
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            try (GovernanceStreamsRunner governance = runner(topics, wiring)) {
                governance.start();
                // checkout (tenant acme): in dev, asks dev → staging, which needs 15 s of soak
                deploy(producer, wiring, new DeploymentCompleted(envelope("c1", "rel-checkout", "acme"), "checkout", "1.0", "dev",
                        "deployer"));
                deploy(producer, wiring, new PromotionRequested(envelope("r1", "rel-checkout", "acme"), "checkout", "1.0", null, "dev",
                        "staging", "alice", "soaked"));
                // web and api (tenant fast): 1.0 then 2.0 promoted into staging, then traffic switched to 2.0 (a 15 s watch)
                for (String service : List.of("web", "api")) {
                    for (String version : List.of("1.0", "2.0")) {
                        String rel = "rel-" + service + "-" + version;
                        deploy(producer, wiring, new DeploymentCompleted(envelope(service + version + "d", rel, "fast"), service, version,
                                "dev", "deployer"));
                        deploy(producer, wiring, new PromotionRequested(envelope(service + version + "r", rel, "fast"), service, version,
                                null, "dev", "staging", "alice", "quick"));
                        deploy(producer, wiring, new DeploymentCompleted(envelope(service + version + "s", rel, "fast"), service, version,
                                "staging", "deployer"));
                    }
                    deploy(producer, wiring, new TrafficSwitched(envelope(service + "-switch", "rel-" + service, "fast"), service, "2.0",
                            "staging", "green", "router"));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> deploymentDecisions(topics).stream()
                        .anyMatch(d -> d.getService().equals("checkout") && d.getEffect() == Effect.PENDING));
                // the watches start when the switches are read (ledgered in the same transaction): once both are in the
                // ledger, they end 15 s after that at the latest, from now
                await().atMost(Duration.ofSeconds(60)).until(() -> switchesLedgered(topics) == 2);
                watchesEnd = Instant.now().plusSeconds(15);
            } // governance-streams is down from here, mid-soak and mid-watch

            deploy(producer, wiring, new HealthReported(envelope("web-h", "rel-web", "fast"), "web", "2.0", "staging", 0.5, 100.0,
                    "monitor"));
            Instant pastTheEnds = watchesEnd.plus(InputClock.ALLOWED_SKEW).plusSeconds(1);
            await().atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(pastTheEnds));
            deploy(producer, wiring, new HealthReported(envelope("api-h", "rel-api", "fast"), "api", "2.0", "staging", 0.5, 100.0,
                    "monitor"));

            try (GovernanceStreamsRunner restarted = runner(topics, wiring)) {
                restarted.start();
                await().atMost(Duration.ofSeconds(90)).until(() -> readAll(wiring.deployCommands()).size() >= 7);
                // stay a few sweeps longer: nothing more may be decided
                Instant settled = Instant.now().plus(InputClock.IDLE).plusSeconds(2);
                await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(settled));
            }
        }

        List<DeployCommand> commands = readAll(wiring.deployCommands()).stream()
                .map(r -> wiring.commands().deserializer().deserialize(wiring.deployCommands(), r.value())).toList();
        assertThat(commands).extracting(c -> c.getService() + " " + c.getAction() + " " + c.getVersion()).as("each decided once")
                .containsExactlyInAnyOrder("web PROMOTE 1.0", "web PROMOTE 2.0", "api PROMOTE 1.0", "api PROMOTE 2.0",
                        "checkout PROMOTE 1.0", "web ROLLBACK 1.0", "api RETIRE 2.0");
        assertThat(deploymentDecisions(topics)).filteredOn(d -> d.getService().equals("checkout") && d.getEffect() == Effect.PERMIT)
                .as("the soak ended while governance-streams was down: permitted once after the restart").hasSize(1);
        VerificationReport report = verify(topics);
        assertThat(report.isClean()).as(report.toString()).isTrue();
        System.out.printf("CLOCK REPORT restart mid-soak and mid-watch: deploy commands=%s, ledger entries=%d%n",
                commands.stream().map(c -> c.getService() + " " + c.getAction()).toList(), report.entriesChecked());
    }

    private static final String QUICK_RELEASES = """
            id: quick-releases
            kind: promotion
            rules:
              - id: quick-dev-to-staging
                match: {action: promote, from: dev, to: staging, tenant: fast}
                effect: PERMIT
                reason: "watched 15 seconds"
                obligations:
                  promotion:
                    health: {maxErrorRate: 0.05, maxLatencyP99Ms: 1000, watch: 15s}
              - id: soaked-dev-to-staging
                match: {action: promote, from: dev, to: staging}
                effect: PERMIT
                reason: "soaked 15 seconds"
                obligations:
                  promotion:
                    soak: 15s
              - id: rollback
                match: {action: rollback}
                effect: PERMIT
                reason: "rollback"
            """;

    private void deploy(KafkaProducer<byte[], byte[]> producer, DeploymentWiring wiring, Object event) throws Exception {
        DeploymentEvent value = DeploymentEvent.newBuilder().setEvent(event).build();
        String service = String.valueOf(((org.apache.avro.generic.GenericRecord) event).get("service"));
        byte[] bytes = wiring.events().serializer().serialize(wiring.deployments(), value);
        producer.send(new ProducerRecord<>(wiring.deployments(), null, service.getBytes(), bytes,
                ShippedShape.sealed(wiring.deployments(), bytes))).get();
    }

    /** How many TrafficSwitched events the ledger holds. */
    private long switchesLedgered(Topics topics) {
        return readAll(topics.ledger()).stream()
                .map(r -> serdes.value(Topics.LEDGER).deserializer().deserialize(topics.ledger(), r.value()))
                .filter(e -> e.getPayloadType().equals(DeploymentEvent.getClassSchema().getFullName()))
                .filter(e -> {
                    try {
                        return PayloadDecoder.decode(e.getPayload().array(), DeploymentEvent.class).getEvent() instanceof TrafficSwitched;
                    } catch (java.io.IOException ex) {
                        throw new java.io.UncheckedIOException(ex);
                    }
                }).count();
    }

    private List<DeploymentDecision> deploymentDecisions(Topics topics) {
        return readAll(topics.ledger()).stream()
                .map(r -> serdes.value(Topics.LEDGER).deserializer().deserialize(topics.ledger(), r.value()))
                .filter(e -> e.getPayloadType().equals(DeploymentDecision.getClassSchema().getFullName()))
                .map(e -> {
                    try {
                        return PayloadDecoder.decode(e.getPayload().array(), DeploymentDecision.class);
                    } catch (java.io.IOException ex) {
                        throw new java.io.UncheckedIOException(ex);
                    }
                }).toList();
    }

    private GovernanceStreamsRunner runner(Topics topics, DeploymentWiring wiring) {
        Map<String, Object> client = new HashMap<>(kafka.adminClientProperties());
        client.put(StreamsConfig.APPLICATION_ID_CONFIG, "governance-streams-" + topics.dispatchRequests().replace('.', '-'));
        client.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        return new GovernanceStreamsRunner(
                ShippedShape.build(topics, serdes, PolicySource.fixed(PolicyLoader.parse(POLICY, "limits.yaml")), wiring),
                GovernanceStreamsConfig.properties(client, dataDir.resolve(topics.dispatchRequests()), topics.deadLetters(),
                        serdes.value(Topics.DEAD_LETTERS)));
    }

    private void vote(KafkaProducer<byte[], byte[]> producer, Topics topics, String correlationId, String approver)
            throws Exception {
        ApprovalEvent vote = ApprovalEvent.newBuilder().setVote(ApprovalGranted.newBuilder()
                .setEnvelope(envelope("vote-" + approver, correlationId, "-")).setCorrelationId(correlationId)
                .setApprover(approver).setRole("devops").setVoterTenants(java.util.List.of("*")).build()).build();
        byte[] value = serdes.value(Topics.APPROVALS).serializer().serialize(topics.approvals(), vote);
        producer.send(new ProducerRecord<>(topics.approvals(), null, ("vote-" + approver).getBytes(), value,
                ShippedShape.sealed(topics.approvals(), value))).get();
    }

    private static EscalationStep decodeStep(LedgerEntry entry) {
        try {
            return PayloadDecoder.decode(entry.getPayload().array(), EscalationStep.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Topics createTopics() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Topics topics = Topics.prefixed("scope-" + id + "-");
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            // as the catalogue makes them: the broker dates requests and votes with its own clock
            ShippedShape.createTopics(admin, topics, PARTITIONS);
        }
        return topics;
    }

    private GovernanceStreamsRunner runner(Topics topics) {
        Map<String, Object> client = new HashMap<>(kafka.adminClientProperties());
        client.put(StreamsConfig.APPLICATION_ID_CONFIG, "governance-streams-" + topics.dispatchRequests().replace('.', '-'));
        client.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        return new GovernanceStreamsRunner(
                ShippedShape.build(topics, serdes, PolicySource.fixed(PolicyLoader.parse(POLICY, "limits.yaml"))),
                GovernanceStreamsConfig.properties(client, dataDir.resolve(topics.dispatchRequests()), topics.deadLetters(),
                        serdes.value(Topics.DEAD_LETTERS)));
    }

    private static DispatchRequested request(String id, String tenant, String intent) {
        DispatchRequested request = Requests.request(id, "orbit", "axon", intent);
        request.getEnvelope().setTenant(tenant);
        request.getEnvelope().setEventId("req-" + id);
        request.getEnvelope().setOccurredAt(Instant.now());
        return request;
    }

    private static Envelope envelope(String eventId, String correlationId, String tenant) {
        return Envelope.newBuilder().setEventId(eventId + "-" + correlationId).setCorrelationId(correlationId).setCausationId(eventId)
                .setTenant(tenant).setOccurredAt(Instant.now()).setProducer("govctl").build();
    }

    private byte[] encode(Topics topics, DispatchRequested request) {
        return serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(topics.dispatchRequests(), request);
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> props = new HashMap<>(kafka.adminClientProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(props);
    }

    private Map<String, GovernanceDecision> decisions(Topics topics) {
        Map<String, GovernanceDecision> out = new HashMap<>();
        readAll(topics.decisions()).forEach(r -> {
            GovernanceDecision d = serdes.value(Topics.DECISIONS).deserializer().deserialize(topics.decisions(), r.value());
            out.put(d.getEnvelope().getCorrelationId(), d);
        });
        return out;
    }

    /** Every committed record of a topic up to its end offsets (read_committed). */
    private List<LedgerRecord> readAll(String topic) {
        List<LedgerRecord> records = new ArrayList<>();
        new KafkaLedgerReader(kafka.adminClientProperties(), topic).replayFromStart(records::add);
        return records;
    }

    private VerificationReport verify(Topics topics) {
        LedgerVerifier verifier = new LedgerVerifier(b -> serdes.value(Topics.LEDGER).deserializer().deserialize(topics.ledger(), b));
        new KafkaLedgerReader(kafka.adminClientProperties(), topics.ledger()).replayFromStart(verifier::accept);
        return verifier.report();
    }
}
