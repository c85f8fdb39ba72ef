package io.govstream.governance.escalation;

import io.govstream.governance.clock.InputClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.ApprovalEvent;
import io.govstream.events.ApprovalGranted;
import io.govstream.events.DispatchCommand;
import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.FlagChange;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.events.LedgerEntryKind;
import io.govstream.events.PolicyMode;
import io.govstream.events.PolicySetPublished;
import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import io.govstream.governance.GovernanceTopology;
import io.govstream.governance.ShippedShape;
import io.govstream.governance.Requests;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyKeys;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicyPublication;
import io.govstream.policy.PolicySource;
import io.govstream.ledger.PayloadDecoder;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
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

/**
 * How an escalation ends. Finalising re-evaluates: when the last approval arrives, the request is
 * evaluated again under the policy set and flags in force at that moment; approvals satisfy the
 * obligation, they never override a DENY that arrived since. And by event time: a vote counts if the
 * broker appended it by the deadline (plus the allowed skew), however late it is read.
 */
class FinalisationTopologyTest {
    private static final Topics TOPICS = ShippedShape.TOPICS;
    private static final String V1 = """
            id: prod
            rules:
              - id: kill-switch
                when: flags.?axon_paused.orValue(false) == true
                effect: DENY
                reason: "axon is paused"
              - id: escalate-prod-deploys
                match: {intent: deploy-prod}
                effect: ESCALATE
                reason: "production deploys need approval"
                obligations:
                  escalation: {approvals: {devops: 1}, timeout: 1h}
            """;

    private final TopicSerdes serdes = new TopicSerdes(new InMemorySchemaRegistryClient());
    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> requests;
    private TestInputTopic<byte[], byte[]> approvals;
    private TestInputTopic<byte[], byte[]> policies;
    private TestInputTopic<byte[], byte[]> flags;
    private TestOutputTopic<String, GovernanceDecision> decisions;
    private TestOutputTopic<String, DispatchCommand> commands;
    private TestOutputTopic<String, LedgerEntry> ledger;
    private String v1Hash;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "finalisation-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ShippedShape.build(serdes, PolicySource.fixed(PolicyLoader.loadDefault())),
                props, Requests.NOW);
        requests = driver.createInputTopic(TOPICS.dispatchRequests(), new ByteArraySerializer(), new ByteArraySerializer(), Requests.NOW, Duration.ZERO);
        approvals = driver.createInputTopic(TOPICS.approvals(), new ByteArraySerializer(), new ByteArraySerializer(), Requests.NOW, Duration.ZERO);
        policies = driver.createInputTopic(TOPICS.policies(), new ByteArraySerializer(), new ByteArraySerializer(), Requests.NOW, Duration.ZERO);
        flags = driver.createInputTopic(TOPICS.flags(), new ByteArraySerializer(), new ByteArraySerializer(), Requests.NOW, Duration.ZERO);
        decisions = driver.createOutputTopic(TOPICS.decisions(), Serdes.String().deserializer(), serdes.value(Topics.DECISIONS).deserializer());
        commands = driver.createOutputTopic(TOPICS.axonCommands(), Serdes.String().deserializer(), serdes.value(Topics.AXON_COMMANDS).deserializer());
        ledger = driver.createOutputTopic(TOPICS.ledger(), Serdes.String().deserializer(), serdes.value(Topics.LEDGER).deserializer());
        v1Hash = publish(V1, 1, null).getContentHash();
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void givenAnEscalation_whenTheKillSwitchIsSetBeforeTheLastApproval_thenTheFinalDecisionIsDeny_andNoCommandGoesOut() {
        assertThat(escalate("c-1").getEffect()).isEqualTo(Effect.ESCALATE);
        flag("axon_paused", true);

        approve("c-1", "bob");

        GovernanceDecision last = decisions.readValue();
        assertThat(last.getEffect()).isEqualTo(Effect.DENY);
        assertThat(last.getRuleId()).isEqualTo("kill-switch");
        assertThat(last.getReason()).isEqualTo("approved by bob (devops), but prod v1 now denies it (rule kill-switch): axon is paused");
        assertThat(commands.isEmpty()).as("no signed command for a paused axon").isTrue();
        assertThat(finalDecisionInLedger()).satisfies(d -> {
            assertThat(d.getEffect()).isEqualTo(Effect.DENY);
            assertThat(d.getEscalatedUnderVersion()).isEqualTo("1");
        });
        assertThat(driver.getKeyValueStore(PendingEscalations.STORE).get("c-1")).as("the escalation ended").isNull();
    }

    @Test
    void givenAnEscalation_whenANewSetDeniesTheRequestBeforeTheLastApproval_thenDenyNamingBothVersions() {
        escalate("c-1");
        String v2 = V1.replace("effect: ESCALATE", "effect: DENY").replace("production deploys need approval", "no prod deploys this week");
        String v2Hash = publish(v2.replace("obligations:\n      escalation: {approvals: {devops: 1}, timeout: 1h}\n", ""), 2, v1Hash)
                .getContentHash();

        approve("c-1", "bob");

        GovernanceDecision last = decisions.readValue();
        assertThat(last.getEffect()).isEqualTo(Effect.DENY);
        assertThat(last.getPolicyVersion()).isEqualTo("2");
        assertThat(last.getPolicyHash()).isEqualTo(v2Hash);
        assertThat(last.getEscalatedUnderVersion()).isEqualTo("1");
        assertThat(last.getEscalatedUnderHash()).isEqualTo(v1Hash);
        assertThat(last.getReason()).endsWith("now denies it (rule escalate-prod-deploys): no prod deploys this week");
        assertThat(commands.isEmpty()).isTrue();
    }

    @Test
    void givenAnEscalation_whenANewSetAsksForMoreApprovals_thenItStaysPendingUntilTheyArrive_thenPermits() {
        escalate("c-1");
        publish(V1.replace("{devops: 1}", "{devops: 2}"), 2, v1Hash);

        approve("c-1", "bob");
        assertThat(decisions.isEmpty()).as("v2 needs a second devops approval").isTrue();
        assertThat(lastStepNote()).isEqualTo("approved by bob (devops), but prod v2 (rule escalate-prod-deploys) now needs devops 1 more");

        approve("c-1", "carol");

        GovernanceDecision last = decisions.readValue();
        assertThat(last.getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(last.getPolicyVersion()).isEqualTo("2");
        assertThat(last.getEscalatedUnderVersion()).isEqualTo("1");
        assertThat(last.getReason()).isEqualTo("approved by bob (devops), carol (devops): production deploys need approval");
        assertThat(commands.readValuesToList()).singleElement();
    }

    @Test
    void givenAnEscalation_whenNothingChangedBeforeTheLastApproval_thenPermitted_underTheSameVersion() {
        escalate("c-1");

        approve("c-1", "bob");

        GovernanceDecision last = decisions.readValue();
        assertThat(last.getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(last.getPolicyVersion()).isEqualTo("1");
        assertThat(last.getEscalatedUnderVersion()).isEqualTo("1");
        assertThat(commands.readValuesToList()).singleElement();
    }

    @Test
    void givenAVoteAppendedInTimeButReadAfterTheDeadline_whenTheTaskCatchesUp_thenItCounts_andNoTimeoutPreemptsIt() {
        escalate("c-1");
        driver.advanceWallClockTime(Duration.ofHours(1).plusSeconds(10)); // the task was down past the deadline

        approve("c-1", "bob", Requests.NOW.plus(Duration.ofMinutes(30))); // appended while it was down, in time

        GovernanceDecision last = decisions.readValue();
        assertThat(last.getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(last.getReason()).startsWith("approved by bob (devops)");
        assertThat(decisions.isEmpty()).as("one final decision").isTrue();
    }

    @Test
    void givenAVoteAppendedAfterTheDeadline_whenRead_thenIgnoredAsLate_andTheEscalationTimesOut() {
        escalate("c-1");
        driver.advanceWallClockTime(Duration.ofHours(1).plusSeconds(10));
        Instant late = Requests.NOW.plus(Duration.ofHours(1)).plus(InputClock.ALLOWED_SKEW).plusMillis(1);

        approve("c-1", "bob", late);

        assertThat(lastStepNote()).isEqualTo("ignored: cast at " + late + ", after the deadline " + Requests.NOW.plus(Duration.ofHours(1)));
        driver.advanceWallClockTime(ApprovalProcessor.SWEEP_EVERY);
        assertThat(decisions.isEmpty()).as("while records flow, the timeout waits for the reorder grace").isTrue();
        driver.advanceWallClockTime(InputClock.IDLE); // the input has been read to its end
        GovernanceDecision last = decisions.readValue();
        assertThat(last.getEffect()).isEqualTo(Effect.DENY);
        assertThat(last.getReason()).startsWith("escalation timed out after PT1H: still needed devops 1");
        assertThat(commands.isEmpty()).isTrue();
    }

    private GovernanceDecision escalate(String correlationId) {
        DispatchRequested request = Requests.request(correlationId, "orbit", "axon", "deploy-prod");
        requests.pipeInput(correlationId.getBytes(StandardCharsets.UTF_8),
                serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(TOPICS.dispatchRequests(), request));
        return decisions.readValue();
    }

    private void approve(String correlationId, String approver) {
        approve(correlationId, approver, Requests.NOW);
    }

    /** @param appendedAt the vote record's timestamp: when the broker appended it */
    private void approve(String correlationId, String approver, Instant appendedAt) {
        String id = UUID.randomUUID().toString();
        ApprovalEvent vote = ApprovalEvent.newBuilder().setVote(ApprovalGranted.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId(id).setCorrelationId(correlationId).setCausationId(id).setTenant("-")
                        .setOccurredAt(Requests.NOW).setProducer("govctl").build())
                .setCorrelationId(correlationId).setApprover(approver).setRole("devops").setVoterTenants(java.util.List.of("*")).build()).build();
        byte[] value = serdes.value(Topics.APPROVALS).serializer().serialize(TOPICS.approvals(), vote);
        approvals.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(("vote-" + id).getBytes(StandardCharsets.UTF_8), value,
                io.govstream.governance.ShippedShape.sealed(TOPICS.approvals(), value), appendedAt));
    }

    private PolicySetPublished publish(String yaml, int version, String previousHash) {
        PolicySetPublished published = PolicyPublication.of(PolicyEnvironment.standard(), yaml, "prod.yaml", version, "alice",
                PolicyMode.ACTIVE, previousHash, null, Requests.NOW);
        policies.pipeInput(PolicyKeys.topicKey(published).getBytes(StandardCharsets.UTF_8),
                serdes.value(Topics.POLICIES).serializer().serialize(TOPICS.policies(), published));
        return published;
    }

    private void flag(String name, Object value) {
        String id = UUID.randomUUID().toString();
        FlagChange change = FlagChange.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId(id).setCorrelationId(id).setCausationId(id).setTenant("*")
                        .setOccurredAt(Requests.NOW).setProducer("govctl").build())
                .setName(name).setValue(value).setAuthor("alice").setChangedAt(Requests.NOW).build();
        flags.pipeInput(name.getBytes(StandardCharsets.UTF_8), serdes.value(Topics.FLAGS).serializer().serialize(TOPICS.flags(), change));
    }

    private GovernanceDecision finalDecisionInLedger() {
        List<LedgerEntry> entries = ledger.readValuesToList();
        LedgerEntry last = entries.get(entries.size() - 1);
        assertThat(last.getKind()).isEqualTo(LedgerEntryKind.DECISION);
        return decode(last, GovernanceDecision.class);
    }

    private String lastStepNote() {
        List<LedgerEntry> steps = ledger.readValuesToList().stream()
                .filter(e -> e.getPayloadType().equals(io.govstream.events.EscalationStep.getClassSchema().getFullName())).toList();
        return decode(steps.get(steps.size() - 1), io.govstream.events.EscalationStep.class).getNote();
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> T decode(LedgerEntry entry, Class<T> type) {
        try {
            return PayloadDecoder.decode(entry.getPayload().array(), type);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
