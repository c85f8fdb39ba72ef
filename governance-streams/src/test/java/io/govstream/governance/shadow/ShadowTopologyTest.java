package io.govstream.governance.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.DispatchCommand;
import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.events.LedgerEntryKind;
import io.govstream.events.PolicyChanged;
import io.govstream.events.PolicyMode;
import io.govstream.events.PolicySetPublished;
import io.govstream.events.ShadowDecision;
import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import io.govstream.governance.GovernanceTopology;
import io.govstream.governance.ShippedShape;
import io.govstream.governance.CandidateSets;
import io.govstream.governance.Requests;
import io.govstream.governance.app.metrics.GovernanceMetrics;
import io.govstream.governance.dispatch.DispatchDecider;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyKeys;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicyPublication;
import io.govstream.policy.PolicySource;
import io.govstream.ledger.PayloadDecoder;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
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

/** Shadow policy sets: evaluated beside the active set, written to their own topic, counted, never enforced. */
class ShadowTopologyTest {
    private static final Topics TOPICS = ShippedShape.TOPICS;
    private static final String ACTIVE = """
            id: dispatch
            rules:
              - id: permit-reason
                match: {source: orbit, target: axon, intent: reason}
                effect: PERMIT
                reason: "orbit may ask axon to ${intent}"
            """;
    private static final String CANDIDATE_DENIES = """
            id: dispatch
            rules:
              - id: deny-reason
                match: {intent: reason}
                effect: DENY
                reason: "reasoning is paused for ${tenant}"
            """;
    private static final String CANDIDATE_AGREES = """
            id: dispatch
            rules:
              - id: permit-any-reason
                match: {intent: reason}
                effect: PERMIT
                reason: "anyone may ask for reasoning"
            """;

    private final TopicSerdes serdes = new TopicSerdes(new InMemorySchemaRegistryClient());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> requests;
    private TestInputTopic<byte[], byte[]> policies;
    private TestOutputTopic<String, GovernanceDecision> decisions;
    private TestOutputTopic<String, DispatchCommand> commands;
    private TestOutputTopic<String, ShadowDecision> shadows;
    private TestOutputTopic<String, LedgerEntry> ledger;
    private int sequence;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "shadow-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ShippedShape.build(serdes, PolicySource.fixed(PolicyLoader.loadDefault()),
                new DispatchDecider(DispatchDecider.DEFAULT_MAX_AGE), new GovernanceMetrics(meters, 10, 10)), props, Requests.NOW);
        requests = driver.createInputTopic(TOPICS.dispatchRequests(), new ByteArraySerializer(), new ByteArraySerializer());
        policies = driver.createInputTopic(TOPICS.policies(), new ByteArraySerializer(), new ByteArraySerializer());
        decisions = driver.createOutputTopic(TOPICS.decisions(), Serdes.String().deserializer(), serdes.value(Topics.DECISIONS).deserializer());
        commands = driver.createOutputTopic(TOPICS.axonCommands(), Serdes.String().deserializer(), serdes.value(Topics.AXON_COMMANDS).deserializer());
        shadows = driver.createOutputTopic(TOPICS.shadowDecisions(), Serdes.String().deserializer(),
                serdes.value(Topics.SHADOW_DECISIONS).deserializer());
        ledger = driver.createOutputTopic(TOPICS.ledger(), Serdes.String().deserializer(), serdes.value(Topics.LEDGER).deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void givenADivergingShadow_whenDecided_thenTheActiveDecisionIsEnforcedAndTheShadowOnlyRecorded() {
        publish(ACTIVE, 1, PolicyMode.ACTIVE, false);
        publish(CANDIDATE_DENIES, 2, PolicyMode.SHADOW, false);

        GovernanceDecision decision = decide(Requests.reason("c-1"));

        assertThat(decision.getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(decision.getPolicyVersion()).isEqualTo("1");
        assertThat(commands.readValuesToList()).hasSize(1);
        ShadowDecision shadow = shadows.readValue();
        assertThat(shadow.getEffect()).isEqualTo(Effect.DENY);
        assertThat(shadow.getRuleId()).isEqualTo("deny-reason");
        assertThat(shadow.getPolicyVersion()).isEqualTo("2");
        assertThat(shadow.getReason()).isEqualTo("reasoning is paused for acme");
        assertThat(shadow.getActiveEffect()).isEqualTo(Effect.PERMIT);
        assertThat(shadow.getActiveRuleId()).isEqualTo("permit-reason");
        assertThat(shadow.getDiverged()).isTrue();
        assertThat(shadow.getEnvelope().getCorrelationId()).isEqualTo("c-1");
        // Publishing the shadow is a policy change; its evaluations are not ledgered.
        assertThat(ledger.readValuesToList()).extracting(LedgerEntry::getKind)
                .containsExactly(LedgerEntryKind.POLICY_CHANGE, LedgerEntryKind.POLICY_CHANGE, LedgerEntryKind.DECISION);
        assertThat(shadowCount("2", true)).isEqualTo(1);
        assertThat(shadowCount("2", false)).isZero();
    }

    @Test
    void givenAnAgreeingShadow_whenDecided_thenItIsCountedAsNotDiverged() {
        publish(ACTIVE, 1, PolicyMode.ACTIVE, false);
        publish(CANDIDATE_AGREES, 2, PolicyMode.SHADOW, false);

        decide(Requests.reason("c-1"));
        decide(Requests.reason("c-2"));

        assertThat(shadows.readValuesToList()).extracting(ShadowDecision::getDiverged).containsExactly(false, false);
        assertThat(shadowCount("2", false)).isEqualTo(2);
        assertThat(shadowCount("2", true)).isZero();
    }

    @Test
    void givenNoShadow_whenDecided_thenNoShadowDecision() {
        publish(ACTIVE, 1, PolicyMode.ACTIVE, false);

        decide(Requests.reason("c-1"));

        assertThat(shadows.isEmpty()).isTrue();
        assertThat(meters.find("governance.policy.shadow.decisions").counter()).isNull();
    }

    @Test
    void givenAShadowOfAnotherTenant_whenAcmeDecides_thenItIsNotEvaluated() {
        publish(ACTIVE, 1, PolicyMode.ACTIVE, false);
        publish("tenant: globex\n" + CANDIDATE_DENIES, 1, PolicyMode.SHADOW, false);

        decide(Requests.reason("c-1"));
        DispatchRequested globex = Requests.reason("c-2");
        globex.getEnvelope().setTenant("globex");
        decide(globex);

        assertThat(shadows.readValuesToList()).extracting(s -> s.getEnvelope().getTenant()).containsExactly("globex");
    }

    @Test
    void givenAShadowRateLimit_whenRequestsArrive_thenItSeesTheActiveSetsCountsAndCountsNothingTwice() {
        publish(ACTIVE, 1, PolicyMode.ACTIVE, false);
        publish(CandidateSets.RATE_LIMITED, 2, PolicyMode.SHADOW, false);

        for (int i = 0; i < 3; i++) {
            assertThat(decide(Requests.reason("c-" + i)).getEffect()).isEqualTo(Effect.PERMIT);
        }

        assertThat(shadows.readValuesToList()).extracting(ShadowDecision::getRuleId)
                .containsExactly("permit-reason", "permit-reason", "deny-burst");
    }

    @Test
    void givenAShadowInForce_whenWithdrawn_thenItIsNoLongerEvaluatedAndTheLedgerSaysSo() {
        publish(ACTIVE, 1, PolicyMode.ACTIVE, false);
        publish(CANDIDATE_DENIES, 2, PolicyMode.SHADOW, false);
        decide(Requests.reason("c-1"));

        publish(CANDIDATE_DENIES, 3, PolicyMode.SHADOW, true);
        decide(Requests.reason("c-2"));

        assertThat(shadows.readValuesToList()).extracting(s -> s.getEnvelope().getCorrelationId()).containsExactly("c-1");
        PolicyChanged withdrawn = lastPolicyChange();
        assertThat(withdrawn.getWithdrawn()).isTrue();
        assertThat(withdrawn.getMode()).isEqualTo(PolicyMode.SHADOW);
        assertThat(withdrawn.getVersion()).isEqualTo(2);
    }

    @Test
    void givenAShadowInForce_whenTheSameSetIsPublishedActive_thenItDecidesAndTheShadowEnds() {
        publish(ACTIVE, 1, PolicyMode.ACTIVE, false);
        publish(CANDIDATE_DENIES, 2, PolicyMode.SHADOW, false);

        publish(CANDIDATE_DENIES, 3, PolicyMode.ACTIVE, false);
        GovernanceDecision decision = decide(Requests.reason("c-1"));

        assertThat(decision.getEffect()).isEqualTo(Effect.DENY);
        assertThat(decision.getPolicyVersion()).isEqualTo("3");
        assertThat(shadows.isEmpty()).isTrue();
        PolicyChanged ended = lastPolicyChange();
        assertThat(ended.getWithdrawn()).isTrue();
        assertThat(ended.getNote()).isEqualTo("promoted: active as v3");
    }

    @Test
    void givenTheTopologyWithShadows_whenDescribed_thenTheShadowPartsAreNamed() {
        String description = ShippedShape.build(serdes, PolicySource.fixed(PolicyLoader.loadDefault())).describe().toString();

        assertThat(description).contains(GovernanceTopology.SHADOWED_ONLY, GovernanceTopology.SHADOW_DECISION_VALUE,
                GovernanceTopology.OBSERVE_SHADOW_DECISION, GovernanceTopology.SHADOW_DECISIONS_SINK).doesNotContain("KSTREAM-");
    }

    private double shadowCount(String version, boolean diverged) {
        var counter = meters.find("governance.policy.shadow.decisions")
                .tags("policy_set", "dispatch", "version", version, "diverged", Boolean.toString(diverged)).counter();
        return counter == null ? 0 : counter.count();
    }

    private PolicyChanged lastPolicyChange() {
        List<LedgerEntry> changes = ledger.readValuesToList().stream()
                .filter(e -> e.getKind() == LedgerEntryKind.POLICY_CHANGE).toList();
        LedgerEntry last = changes.get(changes.size() - 1);
        byte[] bytes = new byte[last.getPayload().remaining()];
        last.getPayload().duplicate().get(bytes);
        try {
            return PayloadDecoder.decode(bytes, PolicyChanged.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void publish(String yaml, int version, PolicyMode mode, boolean withdrawn) {
        PolicySetPublished published = PolicyPublication.of(PolicyEnvironment.standard(), yaml, "p.yaml", version, "alice", mode,
                null, null, Requests.NOW);
        published.setWithdrawn(withdrawn);
        policies.pipeInput(PolicyKeys.topicKey(published).getBytes(StandardCharsets.UTF_8),
                serdes.value(Topics.POLICIES).serializer().serialize(TOPICS.policies(), published));
    }

    private GovernanceDecision decide(DispatchRequested request) {
        requests.pipeInput(("k" + sequence++).getBytes(StandardCharsets.UTF_8),
                serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(TOPICS.dispatchRequests(), request));
        return decisions.readValue();
    }
}
