package io.govstream.governance;

import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.DeadLetter;
import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.PolicyMode;
import io.govstream.events.PolicySetPublished;
import io.govstream.governance.dispatch.DispatchValidator;
import io.govstream.policy.CostLimits;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyKeys;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicyPublication;
import io.govstream.policy.PolicySource;
import io.govstream.policy.Verdict;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A condition too costly for a request is stopped by the evaluation limit: a DENY, never a stalled partition. */
class EvaluationLimitTopologyTest {
    private static final Topics TOPICS = ShippedShape.TOPICS;
    /** Quadratic in the number of lines: every line is compared with every other. */
    private static final String DUPLICATE_LINES = """
            id: dispatch
            rules:
              - id: duplicate-lines
                match: {intent: refund}
                when: request.payload.lines.exists(a, request.payload.lines.filter(b, b == a).size() > 1)
                effect: DENY
                reason: "a refund must not list a line twice"
              - id: permit-refunds
                match: {intent: refund}
                effect: PERMIT
                reason: "refunds are fine"
              - id: permit-reason
                match: {source: orbit, target: axon, intent: reason}
                effect: PERMIT
                reason: "orbit may ask axon to ${intent}"
            """;

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final TopicSerdes serdes = new TopicSerdes(registry);
    @TempDir
    java.nio.file.Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> requests;
    private TestInputTopic<byte[], byte[]> policies;
    private TestOutputTopic<String, GovernanceDecision> decisions;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private int sequence;

    private void start(PolicyEnvironment environment) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "evaluation-limit-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ShippedShape.build(serdes, PolicySource.fixed(PolicyLoader.loadDefault()), environment), props,
                Requests.NOW);
        requests = driver.createInputTopic(TOPICS.dispatchRequests(), new ByteArraySerializer(), new ByteArraySerializer());
        policies = driver.createInputTopic(TOPICS.policies(), new ByteArraySerializer(), new ByteArraySerializer());
        decisions = driver.createOutputTopic(TOPICS.decisions(), Serdes.String().deserializer(), serdes.value(Topics.DECISIONS).deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters(), Serdes.String().deserializer(), serdes.value(Topics.DEAD_LETTERS).deserializer());
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void givenAQuadraticConditionInForce_whenA64KiBPayloadArrives_thenDeniedByTheEvaluationLimitAndTheNextRequestIsDecided() {
        // Published where the publish-time estimate was raised out of the way: the run-time limit still holds.
        PolicyEnvironment lenient = PolicyEnvironment.standard()
                .withLimits(new CostLimits(Long.MAX_VALUE, CostLimits.DEFAULTS.evaluation()));
        start(lenient);
        publish(lenient, DUPLICATE_LINES);
        String payload = distinctLines(DispatchValidator.MAX_PAYLOAD_BYTES);
        assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(60 * 1024).isLessThanOrEqualTo(64 * 1024);

        GovernanceDecision costly = decide(refund("c-1", payload));
        GovernanceDecision next = decide(Requests.reason("c-2"));
        GovernanceDecision smallRefund = decide(refund("c-3", "{\"lines\":[1,2,3]}"));

        assertThat(costly.getEffect()).isEqualTo(Effect.DENY);
        assertThat(costly.getRuleId()).isEqualTo(Verdict.EVALUATION_LIMIT);
        assertThat(costly.getReason()).contains("rule 'duplicate-lines'", "exceeded the evaluation limit", "denied");
        assertThat(next.getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(next.getRuleId()).isEqualTo("permit-reason");
        assertThat(smallRefund.getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(smallRefund.getRuleId()).isEqualTo("permit-refunds");
    }

    @Test
    void givenDefaultLimits_whenAQuadraticSetIsPublished_thenItIsDeadLetteredNamingFileLineAndRuleAndTheSetInForceStays() {
        PolicyEnvironment lenient = PolicyEnvironment.standard()
                .withLimits(new CostLimits(Long.MAX_VALUE, CostLimits.DEFAULTS.evaluation()));
        start(PolicyEnvironment.standard());
        publish(lenient, DUPLICATE_LINES);

        DeadLetter letter = deadLetters.readValue();
        GovernanceDecision decision = decide(refund("c-1", distinctLines(DispatchValidator.MAX_PAYLOAD_BYTES)));

        assertThat(letter.getSourceTopic()).isEqualTo(TOPICS.policies());
        assertThat(letter.getErrorMessage()).contains("p.yaml:5: rule 'duplicate-lines'", "estimated cost", "exceeds the limit");
        assertThat(decision.getPolicySetId()).isEqualTo(PolicyLoader.loadDefault().id());
        assertThat(decision.getRuleId()).isNotEqualTo(Verdict.EVALUATION_LIMIT);
    }

    /** {"lines":[0,1,2,…]} as long as fits in {@code bytes}. */
    private static String distinctLines(int bytes) {
        StringBuilder json = new StringBuilder("{\"lines\":[0");
        for (int i = 1; ; i++) {
            String next = "," + i;
            if (json.length() + next.length() + 2 > bytes) {
                break;
            }
            json.append(next);
        }
        return json.append("]}").toString();
    }

    private static DispatchRequested refund(String correlationId, String payload) {
        DispatchRequested request = Requests.request(correlationId, "orbit", "billing", "refund");
        request.setPayload(payload);
        return request;
    }

    private void publish(PolicyEnvironment environment, String yaml) {
        PolicySetPublished published = PolicyPublication.of(environment, yaml, "p.yaml", 1, "alice", PolicyMode.ACTIVE, null, null,
                Requests.NOW);
        policies.pipeInput(PolicyKeys.topicKey(published).getBytes(StandardCharsets.UTF_8),
                serdes.value(Topics.POLICIES).serializer().serialize(TOPICS.policies(), published));
    }

    private GovernanceDecision decide(DispatchRequested request) {
        requests.pipeInput(("k" + sequence++).getBytes(StandardCharsets.UTF_8),
                serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(TOPICS.dispatchRequests(), request));
        return decisions.readValue();
    }
}
