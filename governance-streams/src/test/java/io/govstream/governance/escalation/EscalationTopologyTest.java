package io.govstream.governance.escalation;

import io.govstream.governance.clock.InputClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.ApprovalDenied;
import io.govstream.events.ApprovalEvent;
import io.govstream.events.ApprovalGranted;
import io.govstream.events.DispatchCommand;
import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.EscalationStep;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.events.LedgerEntryKind;
import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import io.govstream.governance.GovernanceTopology;
import io.govstream.governance.ShippedShape;
import io.govstream.governance.Requests;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySource;
import io.govstream.ledger.InMemoryLedger;
import io.govstream.ledger.LedgerRecord;
import io.govstream.ledger.LedgerVerifier;
import io.govstream.ledger.VerificationReport;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Escalations in the topology: N-of-M approvals by role, who may vote, denial, timeout, and the ledger of each step. */
class EscalationTopologyTest {
    private static final Topics TOPICS = ShippedShape.TOPICS;
    private static final String POLICY = """
            id: prod
            rules:
              - id: escalate-prod-deploys
                match: {intent: deploy-prod}
                effect: ESCALATE
                reason: "production deploys of ${target} need approval"
                obligations:
                  escalation: {approvals: {devops: 2, security: 1}, timeout: 1h}
            """;

    private final TopicSerdes serdes = new TopicSerdes(new InMemorySchemaRegistryClient());
    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> requests;
    private TestInputTopic<byte[], byte[]> approvals;
    private TestOutputTopic<String, GovernanceDecision> decisions;
    private TestOutputTopic<String, DispatchCommand> commands;
    private TestOutputTopic<String, LedgerEntry> ledger;
    private int votes;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "escalation-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // The task's punctuation counts (punctuate-total) are recorded at DEBUG.
        props.put(StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG, "DEBUG");
        driver = new TopologyTestDriver(ShippedShape.build(serdes, PolicySource.fixed(PolicyLoader.parse(POLICY, "prod.yaml"))), props, Requests.NOW);
        requests = driver.createInputTopic(TOPICS.dispatchRequests(), new ByteArraySerializer(), new ByteArraySerializer(), Requests.NOW, Duration.ZERO);
        approvals = driver.createInputTopic(TOPICS.approvals(), new ByteArraySerializer(), new ByteArraySerializer(), Requests.NOW, Duration.ZERO);
        decisions = driver.createOutputTopic(TOPICS.decisions(), Serdes.String().deserializer(), serdes.value(Topics.DECISIONS).deserializer());
        commands = driver.createOutputTopic(TOPICS.axonCommands(), Serdes.String().deserializer(), serdes.value(Topics.AXON_COMMANDS).deserializer());
        ledger = driver.createOutputTopic(TOPICS.ledger(), Serdes.String().deserializer(), serdes.value(Topics.LEDGER).deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void givenAProdDeploy_whenDecided_thenEscalatedAndParked_noCommand() {
        GovernanceDecision escalated = escalate("c-1");

        assertThat(escalated.getEffect()).isEqualTo(Effect.ESCALATE);
        assertThat(escalated.getReason()).isEqualTo("production deploys of axon need approval");
        assertThat(commands.isEmpty()).isTrue();
        assertThat(driver.getKeyValueStore(PendingEscalations.STORE).get("c-1")).isNotNull();
    }

    @Test
    void givenTwoDevopsAndOneSecurityApproval_whenTheLastArrives_thenPermittedWithTheApprovers_andCommandedOnce() {
        escalate("c-1");
        approve("c-1", "bob", "devops");
        approve("c-1", "carol", "devops");
        assertThat(decisions.isEmpty()).as("security still missing").isTrue();

        approve("c-1", "dave", "security");

        GovernanceDecision last = decisions.readValue();
        assertThat(last.getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(last.getEnvelope().getCorrelationId()).isEqualTo("c-1");
        assertThat(last.getRuleId()).isEqualTo("escalate-prod-deploys");
        assertThat(last.getReason()).isEqualTo("approved by bob (devops), carol (devops), dave (security): production deploys of axon need approval");
        DispatchCommand command = commands.readValue();
        assertThat(command.getDecisionEventId()).isEqualTo(last.getEnvelope().getEventId());
        assertThat(command.getIntent()).isEqualTo("deploy-prod");
        assertThat(driver.getKeyValueStore(PendingEscalations.STORE).get("c-1")).isNull();
    }

    @Test
    void givenTwoDevopsApprovals_whenSecurityMissing_thenStillPending() {
        escalate("c-1");
        approve("c-1", "bob", "devops");
        approve("c-1", "carol", "devops");

        assertThat(decisions.isEmpty()).isTrue();
        assertThat(commands.isEmpty()).isTrue();
        assertThat(steps()).last().satisfies(s -> assertThat(s.getNote()).isEqualTo(
                "approval by carol (devops) counted; still needed: security 1"));
    }

    @Test
    void givenAnEscalation_whenTheRequesterApproves_thenTheVoteIsIgnoredAndSaysSo() {
        escalate("c-1"); // requested by alice
        approve("c-1", "alice", "devops");
        approve("c-1", "bob", "devops");
        approve("c-1", "dave", "security");

        assertThat(decisions.isEmpty()).as("only one devops approval counted").isTrue();
        EscalationStep first = steps().get(0);
        assertThat(first.getCounted()).isFalse();
        assertThat(first.getNote()).isEqualTo("ignored: alice requested this and may not vote on it");
    }

    @Test
    void givenAnApproverWhoVoted_whenTheyVoteAgain_thenTheSecondVoteIsIgnoredAndSaysSo() {
        escalate("c-1");
        approve("c-1", "bob", "devops");
        approve("c-1", "bob", "devops");
        approve("c-1", "bob", "security");
        approve("c-1", "dave", "security");

        assertThat(decisions.isEmpty()).as("bob counts once").isTrue();
        List<EscalationStep> steps = steps();
        assertThat(steps).extracting(EscalationStep::getCounted).containsExactly(true, false, false, true);
        assertThat(steps.get(1).getNote()).isEqualTo("ignored: bob already voted (as devops); one vote per approver");
    }

    @Test
    void givenAnEscalation_whenAnyApproverDenies_thenDenied_andLaterVotesAreIgnored() {
        escalate("c-1");
        approve("c-1", "bob", "devops");
        deny("c-1", "dave", "security", "not during the freeze");

        GovernanceDecision last = decisions.readValue();
        assertThat(last.getEffect()).isEqualTo(Effect.DENY);
        assertThat(last.getReason()).isEqualTo("denied by dave (security): not during the freeze");
        assertThat(commands.isEmpty()).isTrue();

        approve("c-1", "carol", "devops");
        assertThat(decisions.isEmpty()).isTrue();
        assertThat(steps()).last().satisfies(s -> assertThat(s.getNote()).contains("no pending escalation c-1"));
    }

    @Test
    void givenAnEscalation_whenNobodyAnswersWithinTheTimeout_thenDeniedByWallClockPunctuation_onceTheAllowedSkewHasPassed() {
        escalate("c-1");
        approve("c-1", "bob", "devops");

        driver.advanceWallClockTime(Duration.ofMinutes(59));
        assertThat(decisions.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(decisions.isEmpty()).as("at the deadline a vote appended within the allowed skew may still be on its way").isTrue();
        driver.advanceWallClockTime(InputClock.ALLOWED_SKEW.plus(ApprovalProcessor.SWEEP_EVERY));

        GovernanceDecision last = decisions.readValue();
        assertThat(last.getEffect()).isEqualTo(Effect.DENY);
        assertThat(last.getReason()).isEqualTo("escalation timed out after PT1H: still needed devops 1, security 1 (approved by bob (devops))");
        assertThat(last.getEnvelope().getCorrelationId()).isEqualTo("c-1");
        assertThat(commands.isEmpty()).isTrue();
    }

    @Test
    void givenAnApprovedAndATimedOutEscalation_thenEachStepIsALedgerEntry_andTheChainVerifies() {
        escalate("c-1");
        escalate("c-2");
        approve("c-1", "bob", "devops");
        approve("c-1", "bob", "devops");
        approve("c-1", "carol", "devops");
        approve("c-1", "dave", "security");
        driver.advanceWallClockTime(Duration.ofHours(1));
        // the input has been read to its end once the stream time stood still for IDLE
        driver.advanceWallClockTime(InputClock.IDLE.plus(ApprovalProcessor.SWEEP_EVERY));

        List<LedgerEntry> entries = ledger.readValuesToList();
        assertThat(entries).extracting(LedgerEntry::getKind, LedgerEntry::getSubjectKey).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LedgerEntryKind.DECISION, "c-1"),
                org.assertj.core.groups.Tuple.tuple(LedgerEntryKind.DECISION, "c-2"),
                org.assertj.core.groups.Tuple.tuple(LedgerEntryKind.STATE_CHANGE, "c-1"),
                org.assertj.core.groups.Tuple.tuple(LedgerEntryKind.STATE_CHANGE, "c-1"),
                org.assertj.core.groups.Tuple.tuple(LedgerEntryKind.STATE_CHANGE, "c-1"),
                org.assertj.core.groups.Tuple.tuple(LedgerEntryKind.STATE_CHANGE, "c-1"),
                org.assertj.core.groups.Tuple.tuple(LedgerEntryKind.DECISION, "c-1"),
                org.assertj.core.groups.Tuple.tuple(LedgerEntryKind.DECISION, "c-2"));
        assertThat(decision(entries.get(6)).getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(decision(entries.get(7)).getReason()).startsWith("escalation timed out");
        assertThat(entries).allSatisfy(e -> assertThat(e.getPartition()).isZero());
        VerificationReport report = verify(entries);
        assertThat(report.isClean()).as(report.toString()).isTrue();
    }

    @Test
    void givenTheEscalationTopology_thenEveryPartAndStoreIsNamed_andVotesShareTheDecisionTask() {
        var description = ShippedShape.build(serdes, PolicySource.fixed(PolicyLoader.parse(POLICY, "prod.yaml"))).describe();

        assertThat(description.toString()).contains(GovernanceTopology.PARK_ESCALATION, GovernanceTopology.APPLY_APPROVAL,
                PendingEscalations.STORE, "rate-windows").doesNotContain("KSTREAM-");
        assertThat(description.subtopologies()).filteredOn(s -> s.toString().contains(GovernanceTopology.APPLY_APPROVAL))
                .singleElement().satisfies(s -> assertThat(s.toString()).contains(GovernanceTopology.DECIDE,
                        GovernanceTopology.LEDGER_APPEND, "topics: [approvals-by-tenant-repartition]", "topics: [dispatch-by-tenant-repartition]"));
    }

    @Test
    void givenNothingPending_thenNoSweepRuns_andAParkedEscalationArmsItUntilDecided() {
        // Kafka Streams commits a task after every punctuation: under exactly-once, a transaction each, idle or not.
        advanceSeconds(30);
        double started = punctuations();
        assertThat(started).as("the first sweep of each timer after the start (approvals, deployment gates), which finds nothing")
                .isEqualTo(2);
        advanceSeconds(29);
        assertThat(punctuations()).as("sweeps while nothing is pending").isEqualTo(started);

        escalate("c-1");
        advanceSeconds(30);
        double whilePending = punctuations();
        assertThat(whilePending).as("sweeps while c-1 is pending (one a second)").isGreaterThanOrEqualTo(25);

        approve("c-1", "bob", "devops");
        approve("c-1", "carol", "devops");
        approve("c-1", "dave", "security");
        assertThat(decisions.readValuesToList()).extracting(GovernanceDecision::getEffect).contains(Effect.PERMIT);
        advanceSeconds(1);
        double afterDecided = punctuations();
        // 90 s to 119 s since the start: the task's one-minute expiries (request ids, vote routes) ran at 60 s, not again here.
        advanceSeconds(29);
        assertThat(punctuations()).as("sweeps once c-1 is decided").isEqualTo(afterDecided);
    }

    @Test
    void givenATombstoneOnTheApprovalsTopic_thenItIsNoVoteAndNoParkedEscalation_andArmsNoSweep() {
        advanceSeconds(2);
        double idle = punctuations();
        // The approvals' processor takes a record without a value as word of a parked escalation: one from the
        // approvals topic, which any voter's client writes to, must not reach it as such.
        approvals.pipeInput(new org.apache.kafka.streams.test.TestRecord<>("c-1".getBytes(StandardCharsets.UTF_8), null,
                io.govstream.governance.ShippedShape.sealed(TOPICS.approvals(), new byte[0])));
        approvals.pipeInput("c-1".getBytes(StandardCharsets.UTF_8), (byte[]) null);
        advanceSeconds(10);

        assertThat(decisions.isEmpty()).as("no decision").isTrue();
        assertThat(punctuations()).as("no sweep armed by the tombstones").isEqualTo(idle);
        escalate("c-2");
        advanceSeconds(3);
        assertThat(punctuations() - idle).as("while a real escalation is pending, a sweep a second").isEqualTo(3);
    }

    private void advanceSeconds(int seconds) {
        for (int i = 0; i < seconds; i++) {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
    }

    /** Wall-clock punctuations the task ran, all its processors': the sweeps, and the one-minute expiries (not reached here). */
    private double punctuations() {
        return ShippedShape.punctuations(driver);
    }

    private GovernanceDecision escalate(String correlationId) {
        DispatchRequested request = Requests.request(correlationId, "orbit", "axon", "deploy-prod");
        requests.pipeInput(correlationId.getBytes(StandardCharsets.UTF_8),
                serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(TOPICS.dispatchRequests(), request));
        return decisions.readValue();
    }

    private void approve(String correlationId, String approver, String role) {
        vote(correlationId, ApprovalGranted.newBuilder().setEnvelope(envelope(correlationId)).setCorrelationId(correlationId)
                .setApprover(approver).setRole(role).setVoterTenants(java.util.List.of("acme")).build());
    }

    private void deny(String correlationId, String approver, String role, String comment) {
        vote(correlationId, ApprovalDenied.newBuilder().setEnvelope(envelope(correlationId)).setCorrelationId(correlationId)
                .setApprover(approver).setRole(role).setComment(comment).setVoterTenants(java.util.List.of("acme")).build());
    }

    private void vote(String correlationId, Object vote) {
        ApprovalEvent event = ApprovalEvent.newBuilder().setVote(vote).build();
        byte[] value = serdes.value(Topics.APPROVALS).serializer().serialize(TOPICS.approvals(), event);
        approvals.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(correlationId.getBytes(StandardCharsets.UTF_8), value,
                io.govstream.governance.ShippedShape.sealed(TOPICS.approvals(), value)));
    }

    private Envelope envelope(String correlationId) {
        String id = "vote-" + (++votes);
        return Envelope.newBuilder().setEventId(id).setCorrelationId(correlationId).setCausationId(id).setTenant("acme")
                .setOccurredAt(Requests.NOW).setProducer("govctl").build();
    }

    private List<EscalationStep> steps() {
        return ledger.readValuesToList().stream().filter(e -> e.getKind() == LedgerEntryKind.STATE_CHANGE)
                .map(e -> read(e, EscalationStep.class)).toList();
    }

    private static GovernanceDecision decision(LedgerEntry entry) {
        return read(entry, GovernanceDecision.class);
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> T read(LedgerEntry entry, Class<T> type) {
        try {
            return new SpecificDatumReader<>(type).read(null, DecoderFactory.get().binaryDecoder(entry.getPayload().array(), null));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private VerificationReport verify(List<LedgerEntry> entries) {
        InMemoryLedger copy = new InMemoryLedger();
        for (int i = 0; i < entries.size(); i++) {
            copy.add(new LedgerRecord(0, i, serdes.value(Topics.LEDGER).serializer().serialize(TOPICS.ledger(), entries.get(i))));
        }
        LedgerVerifier verifier = new LedgerVerifier(b -> serdes.value(Topics.LEDGER).deserializer().deserialize(TOPICS.ledger(), b));
        copy.replayFromStart(verifier::accept);
        return verifier.report();
    }
}
