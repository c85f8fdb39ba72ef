package io.govstream.governance.deployment;

import io.govstream.events.DispatchRequested;
import io.govstream.events.Envelope;
import io.govstream.events.FlagChange;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.PolicyMode;
import io.govstream.events.PolicySetPublished;
import io.govstream.events.LedgerEntry;
import io.govstream.events.LedgerEntryKind;
import io.govstream.events.deployment.ApprovalGranted;
import io.govstream.events.deployment.ApprovalRevoked;
import io.govstream.events.deployment.CheckReported;
import io.govstream.events.deployment.DeployCommand;
import io.govstream.events.deployment.DeploymentCompleted;
import io.govstream.events.deployment.DeploymentDecision;
import io.govstream.events.deployment.DeploymentEvent;
import io.govstream.events.deployment.DeploymentState;
import io.govstream.events.deployment.HealthReported;
import io.govstream.events.deployment.PromotionRequested;
import io.govstream.events.deployment.RollbackCompleted;
import io.govstream.events.deployment.RollbackRequested;
import io.govstream.events.deployment.TrafficSwitched;
import io.govstream.governance.observe.GovernanceObserver;
import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import io.govstream.governance.GovernanceTopology;
import io.govstream.governance.ShippedShape;
import io.govstream.governance.LedgerWiring;
import io.govstream.governance.dispatch.DispatchDecider;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyKeys;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicyPublication;
import io.govstream.policy.PolicySource;
import io.govstream.ledger.InMemoryLedger;
import io.govstream.ledger.LedgerRecord;
import io.govstream.ledger.LedgerVerifier;
import io.govstream.ledger.VerificationReport;
import io.govstream.runtime.commands.CommandSeal;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** The governance topology with the deployment gate in a TopologyTestDriver, and a vocabulary for release events. */
final class DeploymentDriver implements AutoCloseable {
    /** A Tuesday morning: no weekend freeze. */
    static final Instant TUESDAY = Instant.parse("2026-03-03T09:00:00Z");
    static final Topics TOPICS = ShippedShape.TOPICS;
    /** The same topics (every shape has a policies topic): published promotion sets decide. */
    static final Topics WITH_POLICIES = TOPICS;
    /** The same topics (every shape has a flags topic): promotion rules read flags as dispatch rules do. */
    static final Topics WITH_FLAGS = TOPICS;
    static final String DEPLOYMENTS = "deployments";
    static final String DEPLOY_COMMANDS = "deploy-commands";
    /** How long the driver's signed commands are valid, and so its PERMITs. */
    static final Duration COMMAND_TTL = Duration.ofMinutes(10);

    final TopicSerdes serdes;
    final DeploymentWiring wiring;
    final CommandSeal.Verifier verifier;
    private final Topics topics;
    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> deployments;
    private final TestOutputTopic<String, DeployCommand> commands;
    private final TestOutputTopic<String, LedgerEntry> ledger;
    private final List<LedgerEntry> entries = new ArrayList<>();
    private final LedgerWiring ledgerWiring;
    /** Every deployment decision the topology told its observer of, in order. */
    final List<DeploymentDecision> observed = new ArrayList<>();
    private int events;
    private String tenant = "acme";
    private Instant now = TUESDAY;

    DeploymentDriver(Path stateDir, Path keysDir, String promotionPolicy) {
        this(stateDir, keysDir, promotionPolicy, TOPICS);
    }

    DeploymentDriver(Path stateDir, Path keysDir, String promotionPolicy, Topics topics) {
        this(stateDir, keysDir, promotionPolicy, topics, ShippedShape.LEDGER_NONE);
    }

    /** With the ledger wired as given (e.g. with a key-encryption key, so personal data is encrypted as in production). */
    DeploymentDriver(Path stateDir, Path keysDir, String promotionPolicy, Topics topics, LedgerWiring ledgerWiring) {
        this.topics = topics;
        this.ledgerWiring = ledgerWiring;
        SchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        serdes = new TopicSerdes(registry);
        CommandSeal.keyFiles(keysDir).createIfAbsent();
        CommandSeal.Signer signer = CommandSeal.Signer.fromFile(CommandSeal.keyFiles(keysDir).privateFile(), COMMAND_TTL);
        verifier = CommandSeal.Verifier.fromFile(CommandSeal.keyFiles(keysDir).publicFile());
        UnaryOperator<DeployCommand> seal = command -> signer.sign(command, TUESDAY);
        DeploymentWiring base = DeploymentWiring.of(DEPLOYMENTS, DEPLOY_COMMANDS, registry).sealedWith(seal, COMMAND_TTL);
        wiring = promotionPolicy == null ? base : new DeploymentWiring(base.deployments(), base.deployCommands(), base.events(),
                base.commands(), PolicySource.fixed(PolicyLoader.parse(promotionPolicy, "test-promotion.yaml")), seal, base.sweepEvery(),
                COMMAND_TTL);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "deployment-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG, "DEBUG"); // for punctuate-total
        driver = new TopologyTestDriver(topology(), props, TUESDAY);
        deployments = driver.createInputTopic(DEPLOYMENTS, new ByteArraySerializer(), new ByteArraySerializer());
        commands = driver.createOutputTopic(DEPLOY_COMMANDS, Serdes.String().deserializer(), wiring.commands().deserializer());
        ledger = driver.createOutputTopic(TOPICS.ledger(), Serdes.String().deserializer(), serdes.value(Topics.LEDGER).deserializer());
    }

    Topology topology() {
        return GovernanceTopology.build(topics, serdes, PolicySource.fixed(PolicyLoader.loadDefault()), new DispatchDecider(DispatchDecider.DEFAULT_MAX_AGE),
                new GovernanceObserver() {
                    @Override
                    public void deploymentDecided(DeploymentDecision decision) {
                        observed.add(decision);
                    }
                }, PolicyEnvironment.standard(), ledgerWiring, UnaryOperator.identity(), wiring, ShippedShape.VOTES,
                io.govstream.runtime.tracing.Tracing.off());
    }

    /** Publishes a policy set on the policies topic, as {@code govctl policy apply} does. */
    void publish(String yaml, int version) {
        PolicySetPublished published = PolicyPublication.of(PolicyEnvironment.standard(), yaml, "published.yaml", version, "alice",
                PolicyMode.ACTIVE, null, null, TUESDAY);
        driver.createInputTopic(topics.policies(), new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(PolicyKeys.topicKey(published).getBytes(StandardCharsets.UTF_8),
                        serdes.value(Topics.POLICIES).serializer().serialize(topics.policies(), published));
    }

    /** Sets a feature flag, as {@code govctl flag set} does. */
    void flag(String name, Object value) {
        String id = "flag-" + (++events);
        FlagChange change = FlagChange.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId(id).setCorrelationId(id).setCausationId(id).setTenant("*")
                        .setOccurredAt(TUESDAY).setProducer("govctl").build())
                .setName(name).setValue(value).setAuthor("alice").setChangedAt(TUESDAY).build();
        driver.createInputTopic(topics.flags(), new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(name.getBytes(StandardCharsets.UTF_8), serdes.value(Topics.FLAGS).serializer().serialize(topics.flags(), change));
    }

    /** Asks for a dispatch decision, as Orbit does. */
    GovernanceDecision dispatch(DispatchRequested request) {
        request.getEnvelope().setOccurredAt(now); // created when sent: a request written long after it was created is too old
        driver.createInputTopic(topics.dispatchRequests(), new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(request.getEnvelope().getCorrelationId().getBytes(StandardCharsets.UTF_8),
                        serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(topics.dispatchRequests(), request));
        return driver.createOutputTopic(topics.decisions(), Serdes.String().deserializer(), serdes.value(Topics.DECISIONS).deserializer()).readValue();
    }

    /** Wall-clock punctuations the task ran so far, all its processors'. */
    double punctuations() {
        return ShippedShape.punctuations(driver);
    }

    /** {@code seconds} seconds of wall-clock time, a second at a time: a punctuation each second it is scheduled. */
    void tick(int seconds) {
        for (int i = 0; i < seconds; i++) {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
    }

    void advance(Duration duration) {
        driver.advanceWallClockTime(duration);
        now = now.plus(duration);
    }

    /**
     * Given: {@code version} has run in {@code environment} since now, as the gate's state records it after a
     * permitted promotion and its completion (a completion without a PERMIT is refused: see {@link #deployed}).
     */
    void running(String service, String version, String environment) {
        KeyValueStore<String, DeploymentState> store = driver.getKeyValueStore(DeploymentGates.STORE);
        String key = DeploymentGates.key(tenant, service);
        ServiceState state = ServiceState.of(store.get(key), service, tenant);
        state.deployed(version, environment, now);
        store.put(key, state.toAvro());
    }

    /** The gate state of {@code service} (of the current tenant) as stored. */
    DeploymentState stored(String service) {
        KeyValueStore<String, DeploymentState> store = driver.getKeyValueStore(DeploymentGates.STORE);
        return store.get(DeploymentGates.key(tenant, service));
    }

    /** Puts {@code version} in {@code environment}, as a deployer reports it. */
    void deployed(String service, String version, String environment) {
        send(service, DeploymentCompleted.newBuilder().setEnvelope(envelope("c-deploy")).setService(service).setVersion(version)
                .setEnvironment(environment).setReporter("deployer").build());
    }

    /** The tenant of the events sent from now on (acme until changed). */
    void tenant(String tenant) {
        this.tenant = tenant;
    }

    /** {@code version} runs again in {@code environment} after a rollback, as a deployer reports it. */
    void rolledBack(String service, String version, String environment) {
        send(service, RollbackCompleted.newBuilder().setEnvelope(envelope("c-rolled-back")).setService(service).setVersion(version)
                .setEnvironment(environment).setReporter("deployer").build());
    }

    void request(String service, String version, String from, String to, String requester) {
        request(service, version, from, to, requester, "sha256:abc");
    }

    void request(String service, String version, String from, String to, String requester, String digest) {
        send(service, PromotionRequested.newBuilder().setEnvelope(envelope("c-" + service + "-" + version + "-" + to)).setService(service)
                .setVersion(version).setFromEnvironment(from).setToEnvironment(to).setRequester(requester)
                .setDigest(digest).setSummary("release " + version).build());
    }

    void check(String service, String version, String environment, String kind, boolean passed) {
        send(service, CheckReported.newBuilder().setEnvelope(envelope("c-check")).setService(service).setVersion(version)
                .setEnvironment(environment).setKind(kind).setPassed(passed).setEvidence("https://ci.example/" + kind).setReporter("ci").build());
    }

    void approve(String service, String version, String to, String approver, String role) {
        approve(service, version, to, approver, role, null);
    }

    /** An approval naming the image digest the approver saw ({@code null}: none). */
    void approve(String service, String version, String to, String approver, String role, String digest) {
        send(service, ApprovalGranted.newBuilder().setEnvelope(envelope("c-vote")).setService(service).setVersion(version)
                .setToEnvironment(to).setApprover(approver).setRole(role).setDigest(digest).build());
    }

    void revoke(String service, String version, String to, String approver, String role) {
        send(service, ApprovalRevoked.newBuilder().setEnvelope(envelope("c-vote")).setService(service).setVersion(version)
                .setToEnvironment(to).setApprover(approver).setRole(role).build());
    }

    void switched(String service, String version, String environment, String colour) {
        send(service, TrafficSwitched.newBuilder().setEnvelope(envelope("c-switch")).setService(service).setVersion(version)
                .setEnvironment(environment).setToColour(colour).setReporter("router").build());
    }

    /** A health report the broker appended at {@code appendedAt}. */
    void health(String service, String version, String environment, double errorRate, double p99, Instant appendedAt) {
        DeploymentEvent value = DeploymentEvent.newBuilder().setEvent(HealthReported.newBuilder().setEnvelope(envelope("c-health"))
                .setService(service).setVersion(version).setEnvironment(environment).setErrorRate(errorRate).setLatencyP99Ms(p99)
                .setReporter("monitor").build()).build();
        byte[] bytes = wiring.events().serializer().serialize(DEPLOYMENTS, value);
        deployments.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(service.getBytes(StandardCharsets.UTF_8), bytes,
                ShippedShape.sealed(DEPLOYMENTS, bytes), appendedAt));
    }

    void health(String service, String version, String environment, double errorRate, double p99) {
        send(service, HealthReported.newBuilder().setEnvelope(envelope("c-health")).setService(service).setVersion(version)
                .setEnvironment(environment).setErrorRate(errorRate).setLatencyP99Ms(p99).setReporter("monitor").build());
    }

    void rollback(String service, String environment, String requester) {
        send(service, RollbackRequested.newBuilder().setEnvelope(envelope("c-rollback")).setService(service).setEnvironment(environment)
                .setRequester(requester).setReason("errors in checkout").build());
    }

    /** Sends an event as Orbit does: sealed (the gate counts no other). */
    void send(String service, Object event) {
        DeploymentEvent value = DeploymentEvent.newBuilder().setEvent(event).build();
        byte[] bytes = wiring.events().serializer().serialize(DEPLOYMENTS, value);
        deployments.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(service.getBytes(StandardCharsets.UTF_8), bytes,
                ShippedShape.sealed(DEPLOYMENTS, bytes)));
    }

    /** Sends an event as anyone with write access to the topic could, without Orbit's seal. */
    void sendUnsealed(String service, Object event) {
        DeploymentEvent value = DeploymentEvent.newBuilder().setEvent(event).build();
        deployments.pipeInput(service.getBytes(StandardCharsets.UTF_8), wiring.events().serializer().serialize(DEPLOYMENTS, value));
    }

    void sendRaw(String service, byte[] bytes) {
        deployments.pipeInput(service.getBytes(StandardCharsets.UTF_8), bytes);
    }

    /** Every ledger entry so far. */
    List<LedgerEntry> ledger() {
        entries.addAll(ledger.readValuesToList());
        return List.copyOf(entries);
    }

    /** Every decision in the ledger so far, in order. */
    List<DeploymentDecision> decisions() {
        return ledger().stream().filter(e -> e.getKind() == LedgerEntryKind.DECISION).map(e -> read(e, DeploymentDecision.class)).toList();
    }

    DeploymentDecision lastDecision() {
        List<DeploymentDecision> all = decisions();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** Every record of the ledger keys topic so far (key name → data key, null for a tombstone). */
    List<org.apache.kafka.streams.KeyValue<String, io.govstream.events.SubjectDataKey>> subjectKeys() {
        return driver.createOutputTopic(TOPICS.ledgerKeys(), Serdes.String().deserializer(), serdes.value(Topics.LEDGER_KEYS).deserializer())
                .readKeyValuesToList();
    }

    /** Erases a data subject, as {@code govctl ledger erase} asks. */
    void erase(String subject) {
        String ref = io.govstream.schemas.gdpr.SubjectRef.of(subject);
        driver.createInputTopic(TOPICS.ledgerErasures(), Serdes.String().serializer(), serdes.value(Topics.LEDGER_ERASURES).serializer())
                .pipeInput(ref, io.govstream.events.SubjectErasure.newBuilder().setEnvelope(envelope("erase-" + subject))
                        .setSubjectRef(ref).setRequestedBy("dpo").setReason(null).build());
    }

    /** Every dead letter so far. */
    List<io.govstream.events.DeadLetter> deadLetters() {
        return driver.createOutputTopic(TOPICS.deadLetters(), Serdes.ByteArray().deserializer(), serdes.value(Topics.DEAD_LETTERS).deserializer())
                .readValuesToList();
    }

    List<DeployCommand> commands() {
        return commands.readValuesToList();
    }

    VerificationReport verifyLedger() {
        List<LedgerEntry> all = ledger();
        InMemoryLedger copy = new InMemoryLedger();
        for (int i = 0; i < all.size(); i++) {
            copy.add(new LedgerRecord(0, i, serdes.value(Topics.LEDGER).serializer().serialize(TOPICS.ledger(), all.get(i))));
        }
        LedgerVerifier verifier = new LedgerVerifier(b -> serdes.value(Topics.LEDGER).deserializer().deserialize(TOPICS.ledger(), b));
        copy.replayFromStart(verifier::accept);
        return verifier.report();
    }

    static <T extends SpecificRecord> T read(LedgerEntry entry, Class<T> type) {
        try {
            return new SpecificDatumReader<>(type).read(null, DecoderFactory.get().binaryDecoder(entry.getPayload().array(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Envelope envelope(String correlationId) {
        String id = "event-" + (++events);
        return Envelope.newBuilder().setEventId(id).setCorrelationId(correlationId).setCausationId(id).setTenant(tenant)
                .setOccurredAt(TUESDAY).setProducer("govctl").build();
    }

    TopologyTestDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.close();
    }
}
