package io.govstream.governance.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.ApprovalEvent;
import io.govstream.events.ApprovalGranted;
import io.govstream.events.DispatchCommand;
import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import io.govstream.governance.Requests;
import io.govstream.governance.ShippedShape;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySource;
import io.govstream.schemas.EventHeaders;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
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
 * One request, one decision, on the shipped topology: a redelivery is not decided again, a reused
 * correlation id is refused without touching the request that holds it, and a pending escalation
 * cannot be hijacked, from the same tenant or from the external topic.
 */
class OneDecisionTopologyTest {
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
                    approvals: {devops: 1}
                    timeout: 1h
              - id: permit-reason
                match: {target: axon, intent: reason}
                effect: PERMIT
                reason: "reasoning is fine"
            """;

    private final TopicSerdes serdes = new TopicSerdes(new InMemorySchemaRegistryClient());
    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> requests;
    private TestInputTopic<byte[], byte[]> external;
    private TestInputTopic<byte[], byte[]> approvals;
    private TestOutputTopic<String, GovernanceDecision> decisions;
    private TestOutputTopic<String, DispatchCommand> commands;
    private TestOutputTopic<String, LedgerEntry> ledger;
    private Instant clock = Requests.NOW;

    @BeforeEach
    void setUp() {
        Properties props = ShippedShape.driverProperties("one-decision-test", stateDir);
        driver = new TopologyTestDriver(ShippedShape.build(serdes, PolicySource.fixed(PolicyLoader.parse(POLICY, "approvals.yaml"))),
                props, Requests.NOW);
        requests = driver.createInputTopic(TOPICS.dispatchRequests(), new ByteArraySerializer(), new ByteArraySerializer());
        external = driver.createInputTopic(TOPICS.externalRequests(), new ByteArraySerializer(), new ByteArraySerializer());
        approvals = driver.createInputTopic(TOPICS.approvals(), new ByteArraySerializer(), new ByteArraySerializer());
        decisions = driver.createOutputTopic(TOPICS.decisions(), Serdes.String().deserializer(), serdes.value(Topics.DECISIONS).deserializer());
        commands = driver.createOutputTopic(TOPICS.axonCommands(), Serdes.String().deserializer(), serdes.value(Topics.AXON_COMMANDS).deserializer());
        ledger = driver.createOutputTopic(TOPICS.ledger(), Serdes.String().deserializer(), serdes.value(Topics.LEDGER).deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void givenTheSameRequestDeliveredTwice_whenDecided_thenOneDecisionOneCommandOneLedgerEntry() {
        DispatchRequested request = Requests.reason("c-1");

        send(requests, request);
        send(requests, request);

        assertThat(decisions.readValuesToList()).hasSize(1).first().extracting(GovernanceDecision::getEffect).isEqualTo(Effect.PERMIT);
        assertThat(commands.readValuesToList()).as("Axon works once").hasSize(1);
        assertThat(ledger.readValuesToList()).hasSize(1);
    }

    @Test
    void givenAPendingEscalation_whenAnotherRequestReusesItsCorrelationId_thenRefused_andTheApprovalPermitsTheOriginal() {
        send(requests, deploy("c-2", "req-alice", "alice", "{\"release\":\"1.0\"}"));
        assertThat(decisions.readValue().getEffect()).isEqualTo(Effect.ESCALATE);

        send(requests, deploy("c-2", "req-mallory", "mallory", "{\"release\":\"evil\"}"));

        GovernanceDecision refused = decisions.readValue();
        assertThat(refused.getEffect()).isEqualTo(Effect.DENY);
        assertThat(refused.getRuleId()).isEqualTo("correlation-id-taken");
        assertThat(refused.getRequestEventId()).isEqualTo("req-mallory");
        assertThat(refused.getReason()).startsWith("correlation id c-2 already belongs to another request");

        approve("c-2", "bob");

        GovernanceDecision permitted = decisions.readValue();
        assertThat(permitted.getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(permitted.getRequestEventId()).as("the request that escalated, not the reuse").isEqualTo("req-alice");
        DispatchCommand command = commands.readValue();
        assertThat(command.getSubject()).isEqualTo("alice");
        assertThat(command.getPayload()).isEqualTo("{\"release\":\"1.0\"}");
        assertThat(commands.isEmpty()).isTrue();
    }

    @Test
    void givenAPendingEscalation_whenTheExternalTopicReusesItsId_thenRefused_andTheVoteStillReachesTheOriginal() {
        send(requests, deploy("c-3", "req-alice", "alice", "{}"));
        assertThat(decisions.readValue().getEffect()).isEqualTo(Effect.ESCALATE);

        send(external, deploy("c-3", "req-outside", "alice", "{\"release\":\"evil\"}"));
        GovernanceDecision outside = decisions.readValue();
        assertThat(outside.getEnvelope().getTenant()).as("decided in its own tenant's scope").isEqualTo("external");
        // One task holds both tenants here, so the reuse is refused outright; across tasks it escalates in its own
        // tenant and the vote router keeps the first route (VoteRouterTest).
        assertThat(outside.getEffect()).isEqualTo(Effect.DENY);
        assertThat(outside.getRuleId()).isEqualTo("correlation-id-taken");

        approve("c-3", "bob");

        List<GovernanceDecision> finals = decisions.readValuesToList();
        assertThat(finals).hasSize(1);
        assertThat(finals.get(0).getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(finals.get(0).getRequestEventId()).isEqualTo("req-alice");
        assertThat(commands.readValuesToList()).hasSize(1).first().extracting(DispatchCommand::getPayload).isEqualTo("{}");
    }

    @Test
    void givenAPermittedRequest_whenReplayedAfterItsIdWasForgotten_thenDeniedAsTooOld_neverPermittedTwice() {
        DispatchRequested request = Requests.reason("c-4");
        send(requests, request);
        assertThat(decisions.readValue().getEffect()).isEqualTo(Effect.PERMIT);

        Duration window = RequestIds.window(DispatchDecider.DEFAULT_MAX_AGE, DispatchValidator.MAX_CLOCK_SKEW);
        advance(window.plus(DecideDispatchProcessor.EXPIRE_EVERY));
        send(requests, request);

        GovernanceDecision replay = decisions.readValue();
        assertThat(replay.getEffect()).isEqualTo(Effect.DENY);
        assertThat(replay.getRuleId()).isEqualTo("max-age");
        assertThat(replay.getReason()).contains("request created at " + Requests.NOW).contains("the maximum request age is PT5M");
        assertThat(commands.readValuesToList()).as("Axon works once").hasSize(1);
    }

    @Test
    void givenADecidedRequest_whenItsIdIsReusedWithinTheWindow_thenRefused_andStateIsNotCounted() {
        send(requests, Requests.reason("c-5"));
        assertThat(decisions.readValue().getEffect()).isEqualTo(Effect.PERMIT);

        DispatchRequested reuse = Requests.reason("c-5");
        reuse.getEnvelope().setEventId("another-event");
        send(requests, reuse);

        GovernanceDecision refused = decisions.readValue();
        assertThat(refused.getRuleId()).isEqualTo("correlation-id-taken");
        assertThat(commands.readValuesToList()).hasSize(1);
    }

    /**
     * A producer's own headers end at the request: the ledger topic is kept for good and its record headers are not
     * encrypted, so a header naming a person (or claiming anything) copied onto the decision, the command and the ledger
     * entry would stay readable after that person's erasure and reach Axon as if governance had written it.
     */
    @Test
    void givenARequestWithHeadersOfItsProducer_whenDecided_thenDecisionCommandAndLedgerEntryCarryOnlyGovernancesHeaders() {
        DispatchRequested request = Requests.reason("c-6");
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        RecordHeaders headers = new RecordHeaders();
        headers.add("customer-email", "alice@example.com".getBytes(StandardCharsets.UTF_8));
        headers.add("govstream-attempt", "99".getBytes(StandardCharsets.UTF_8));
        headers.add(EventHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        byte[] value = serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(TOPICS.dispatchRequests(), request);
        requests.pipeInput(new TestRecord<>("c-6".getBytes(StandardCharsets.UTF_8), value, headers, clock));

        TestRecord<String, GovernanceDecision> decision = decisions.readRecord();
        TestRecord<String, DispatchCommand> command = commands.readRecord();
        TestRecord<String, LedgerEntry> entry = ledger.readRecord();
        for (TestRecord<String, ?> out : List.of(decision, command, entry)) {
            List<String> names = java.util.Arrays.stream(out.headers().toArray()).map(Header::key).toList();
            assertThat(names).as("headers of %s", out.value().getClass().getSimpleName())
                    .doesNotContain("customer-email", "govstream-attempt").contains(EventHeaders.CORRELATION_ID);
            assertThat(EventHeaders.get(out.headers(), EventHeaders.CORRELATION_ID)).isEqualTo("c-6");
            assertThat(EventHeaders.get(out.headers(), EventHeaders.TRACEPARENT)).as("the trace goes on").isEqualTo(traceparent);
        }
    }

    private DispatchRequested deploy(String correlationId, String eventId, String subject, String payload) {
        DispatchRequested request = Requests.request(correlationId, "orbit", "axon", "deploy-prod");
        request.getEnvelope().setEventId(eventId);
        request.getEnvelope().setOccurredAt(clock);
        request.setSubject(subject);
        request.setPayload(payload);
        return request;
    }

    private void advance(Duration by) {
        clock = clock.plus(by);
        driver.advanceWallClockTime(by);
    }

    private void send(TestInputTopic<byte[], byte[]> topic, DispatchRequested request) {
        byte[] value = serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(TOPICS.dispatchRequests(), request);
        topic.pipeInput(new TestRecord<>(request.getEnvelope().getCorrelationId().getBytes(StandardCharsets.UTF_8), value, null, clock));
    }

    private void approve(String correlationId, String approver) {
        String id = "vote-" + approver + "-" + correlationId;
        Envelope envelope = Envelope.newBuilder().setEventId(id).setCorrelationId(correlationId).setCausationId(id).setTenant("acme")
                .setOccurredAt(clock).setProducer("govctl").build();
        ApprovalEvent event = ApprovalEvent.newBuilder().setVote(ApprovalGranted.newBuilder().setEnvelope(envelope)
                .setCorrelationId(correlationId).setApprover(approver).setRole("devops").setVoterTenants(List.of("acme")).build()).build();
        byte[] value = serdes.value(Topics.APPROVALS).serializer().serialize(TOPICS.approvals(), event);
        approvals.pipeInput(new TestRecord<>(correlationId.getBytes(StandardCharsets.UTF_8), value,
                ShippedShape.sealed(TOPICS.approvals(), value), clock));
    }
}
