package io.govstream.governance.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.ApprovalEvent;
import io.govstream.events.ApprovalGranted;
import io.govstream.events.DeadLetter;
import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.EscalationStep;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.events.LedgerEntryKind;
import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import io.govstream.governance.Requests;
import io.govstream.governance.ShippedShape;
import io.govstream.governance.deadletter.SealCheckProcessor;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySource;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * People vote as themselves, on the shipped topology: a vote counts only when Orbit sealed it after
 * checking the voter's token. A vote written to the approvals topic by anyone else (the admin
 * principal, a stolen producer credential), or one whose bytes changed after sealing, is
 * dead-lettered with the reason and changes nothing.
 */
class VoteProvenanceTopologyTest {
    private static final Topics TOPICS = ShippedShape.TOPICS;
    private static final String POLICY = """
            id: approvals
            rules:
              - id: escalate-deploys
                match: {intent: deploy-prod}
                effect: ESCALATE
                reason: "${subject} asks for a production deploy"
                obligations:
                  escalation:
                    approvals: {devops: 2}
                    timeout: 1h
            """;

    private final TopicSerdes serdes = new TopicSerdes(new InMemorySchemaRegistryClient());
    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> requests;
    private TestInputTopic<byte[], byte[]> approvals;
    private TestOutputTopic<String, GovernanceDecision> decisions;
    private TestOutputTopic<String, LedgerEntry> ledger;
    private TestOutputTopic<byte[], DeadLetter> deadLetters;

    @BeforeEach
    void setUp() {
        Properties props = ShippedShape.driverProperties("vote-provenance-test", stateDir);
        driver = new TopologyTestDriver(ShippedShape.build(serdes, PolicySource.fixed(PolicyLoader.parse(POLICY, "approvals.yaml"))),
                props, Requests.NOW);
        requests = driver.createInputTopic(TOPICS.dispatchRequests(), new ByteArraySerializer(), new ByteArraySerializer(), Requests.NOW,
                Duration.ZERO);
        approvals = driver.createInputTopic(TOPICS.approvals(), new ByteArraySerializer(), new ByteArraySerializer(), Requests.NOW,
                Duration.ZERO);
        decisions = driver.createOutputTopic(TOPICS.decisions(), Serdes.String().deserializer(), serdes.value(Topics.DECISIONS).deserializer());
        ledger = driver.createOutputTopic(TOPICS.ledger(), Serdes.String().deserializer(), serdes.value(Topics.LEDGER).deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters(), Serdes.ByteArray().deserializer(), serdes.value(Topics.DEAD_LETTERS).deserializer());
        DispatchRequested request = Requests.request("c-1", "orbit", "axon", "deploy-prod");
        requests.pipeInput("c-1".getBytes(StandardCharsets.UTF_8), serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(TOPICS.dispatchRequests(), request));
        assertThat(decisions.readValue().getEffect()).isEqualTo(Effect.ESCALATE);
        ledger.readValuesToList();
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void givenVotesWrittenStraightToKafka_underTwoNames_thenNeitherCounts_andEachIsDeadLetteredWithTheReason() {
        byte[] bob = vote("bob");
        byte[] carol = vote("carol");
        approvals.pipeInput(new TestRecord<>("c-1".getBytes(StandardCharsets.UTF_8), bob, new RecordHeaders()));
        approvals.pipeInput(new TestRecord<>("c-1".getBytes(StandardCharsets.UTF_8), carol, new RecordHeaders()));

        assertThat(decisions.isEmpty()).as("two 'approvals' by one writer permit nothing").isTrue();
        assertThat(steps()).as("no vote reached the escalation").isEmpty();
        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertThat(letters).hasSize(2).allSatisfy(letter -> {
            assertThat(letter.getErrorType()).isEqualTo(SealCheckProcessor.UnsealedEventException.class.getName());
            assertThat(letter.getErrorMessage()).contains("not sealed by Orbit").contains("votes count only when cast through Orbit's API");
            assertThat(letter.getSourceTopic()).isEqualTo(TOPICS.approvals());
        });
    }

    @Test
    void givenASealedVoteWhoseApproverWasChanged_thenDeadLettered_andTheEscalationStillWaits() {
        byte[] sealedFor = vote("bob");
        Headers seal = ShippedShape.sealed(TOPICS.approvals(), sealedFor);
        byte[] tampered = vote("mallory");

        approvals.pipeInput(new TestRecord<>("c-1".getBytes(StandardCharsets.UTF_8), tampered, seal));

        assertThat(deadLetters.readValue().getErrorMessage()).contains("seal does not match the record");
        assertThat(steps()).isEmpty();
        assertThat(decisions.isEmpty()).isTrue();
    }

    @Test
    void givenASealForAnotherTopic_thenItDoesNotPassForAVote() {
        byte[] vote = vote("bob");

        approvals.pipeInput(new TestRecord<>("c-1".getBytes(StandardCharsets.UTF_8), vote, ShippedShape.sealed(TOPICS.deadLetters(), vote)));

        assertThat(deadLetters.readValue().getErrorMessage()).contains("seal does not match the record");
        assertThat(steps()).isEmpty();
    }

    @Test
    void givenTwoSealedVotes_thenBothCount_andTheLedgerSaysHowEachVoterWasAuthenticated() {
        for (String approver : List.of("bob", "carol")) {
            byte[] vote = vote(approver);
            approvals.pipeInput(new TestRecord<>("c-1".getBytes(StandardCharsets.UTF_8), vote, ShippedShape.sealed(TOPICS.approvals(), vote)));
        }

        assertThat(decisions.readValue().getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(steps()).hasSize(2).allSatisfy(step -> {
            assertThat(step.getCounted()).isTrue();
            assertThat(step.getAuthenticatedBy()).isEqualTo("bearer token of govstream-local, checked by Orbit (roles [devops])");
        });
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void givenASealedVoteByAVoterOfAnotherTenant_thenIgnoredWithTheReason_andNothingCounts() {
        byte[] vote = vote("bob", "globex");
        approvals.pipeInput(new TestRecord<>("c-1".getBytes(StandardCharsets.UTF_8), vote, ShippedShape.sealed(TOPICS.approvals(), vote)));

        EscalationStep step = steps().get(0);
        assertThat(step.getCounted()).isFalse();
        assertThat(step.getNote()).isEqualTo("ignored: the voter's token is not for tenant acme (its tenants: [globex])");
        assertThat(decisions.isEmpty()).isTrue();
    }

    private byte[] vote(String approver) {
        return vote(approver, "acme");
    }

    private byte[] vote(String approver, String tenant) {
        Envelope envelope = Envelope.newBuilder().setEventId("vote-" + approver).setCorrelationId("c-1").setCausationId("vote-" + approver)
                .setTenant("-").setOccurredAt(Requests.NOW).setProducer("orbit").build();
        ApprovalEvent event = ApprovalEvent.newBuilder().setVote(ApprovalGranted.newBuilder().setEnvelope(envelope).setCorrelationId("c-1")
                .setApprover(approver).setRole("devops").setVoterTenants(List.of(tenant))
                .setAuthenticatedBy("bearer token of govstream-local, checked by Orbit (roles [devops])").build()).build();
        return serdes.value(Topics.APPROVALS).serializer().serialize(TOPICS.approvals(), event);
    }

    private List<EscalationStep> steps() {
        return ledger.readValuesToList().stream().filter(e -> e.getKind() == LedgerEntryKind.STATE_CHANGE).map(e -> {
            try {
                return new SpecificDatumReader<>(EscalationStep.class).read(null,
                        DecoderFactory.get().binaryDecoder(e.getPayload().array(), null));
            } catch (java.io.IOException x) {
                throw new java.io.UncheckedIOException(x);
            }
        }).toList();
    }
}
