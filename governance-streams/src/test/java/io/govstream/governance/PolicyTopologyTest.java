package io.govstream.governance;

import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.DeadLetter;
import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.events.LedgerEntryKind;
import io.govstream.events.PolicyChanged;
import io.govstream.events.PolicyMode;
import io.govstream.events.PolicySetPublished;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyKeys;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicyPublication;
import io.govstream.policy.PolicySet;
import io.govstream.policy.PolicySource;
import io.govstream.ledger.InMemoryLedger;
import io.govstream.ledger.LedgerRecord;
import io.govstream.ledger.LedgerVerifier;
import io.govstream.ledger.VerificationReport;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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

/** Published policy sets in the topology: hot reload, ledgered changes, tenant scoping, rollback. */
class PolicyTopologyTest {
    private static final Topics TOPICS = ShippedShape.TOPICS;
    private static final String V1 = """
            id: dispatch
            description: orbit may ask axon to reason
            rules:
              - id: permit-reason
                match: {source: orbit, target: axon, intent: reason}
                effect: PERMIT
                reason: "orbit may ask axon to ${intent}"
            """;
    private static final String V2 = """
            id: dispatch
            description: reasoning is paused
            rules:
              - id: deny-reason
                match: {intent: reason}
                effect: DENY
                reason: "reasoning is paused for ${tenant}"
            """;

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final TopicSerdes serdes = new TopicSerdes(registry);
    private final PolicySet shipped = PolicyLoader.loadDefault();
    @TempDir
    java.nio.file.Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> requests;
    private TestInputTopic<byte[], byte[]> policies;
    private TestOutputTopic<String, GovernanceDecision> decisions;
    private TestOutputTopic<String, LedgerEntry> ledger;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private int sequence;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "policy-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ShippedShape.build(serdes, PolicySource.fixed(shipped)), props, Requests.NOW);
        requests = driver.createInputTopic(TOPICS.dispatchRequests(), new ByteArraySerializer(), new ByteArraySerializer());
        policies = driver.createInputTopic(TOPICS.policies(), new ByteArraySerializer(), new ByteArraySerializer());
        decisions = driver.createOutputTopic(TOPICS.decisions(), Serdes.String().deserializer(), serdes.value(Topics.DECISIONS).deserializer());
        ledger = driver.createOutputTopic(TOPICS.ledger(), Serdes.String().deserializer(), serdes.value(Topics.LEDGER).deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters(), Serdes.String().deserializer(), serdes.value(Topics.DEAD_LETTERS).deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void givenNothingPublished_whenDecided_thenTheShippedDefaultDecides() {
        GovernanceDecision decision = decide(Requests.reason("c-1"));

        assertThat(decision.getPolicySetId()).isEqualTo(shipped.id());
        assertThat(decision.getPolicyHash()).isEqualTo(shipped.contentHash());
        assertThat(decision.getEffect()).isEqualTo(Effect.PERMIT);
    }

    @Test
    void givenV1InForce_whenV2IsPublishedMidStream_thenTheNextDecisionUsesV2AndTheLedgerRecordsTheChange() {
        PolicySetPublished v1 = publish(V1, 1, null, "alice");
        assertThat(decide(Requests.reason("c-1"))).satisfies(d -> {
            assertThat(d.getEffect()).isEqualTo(Effect.PERMIT);
            assertThat(d.getPolicySetId()).isEqualTo("dispatch");
            assertThat(d.getPolicyVersion()).isEqualTo("1");
            assertThat(d.getPolicyHash()).isEqualTo(v1.getContentHash());
            assertThat(d.getRuleId()).isEqualTo("permit-reason");
        });

        PolicySetPublished v2 = publish(V2, 2, v1.getContentHash(), "bob");
        GovernanceDecision d = decide(Requests.reason("c-2"));

        assertThat(d.getEffect()).isEqualTo(Effect.DENY);
        assertThat(d.getPolicyVersion()).isEqualTo("2");
        assertThat(d.getPolicyHash()).isEqualTo(v2.getContentHash());
        assertThat(d.getRuleId()).isEqualTo("deny-reason");
        assertThat(d.getReason()).isEqualTo("reasoning is paused for acme");

        List<LedgerEntry> entries = ledger.readValuesToList();
        assertThat(entries).extracting(LedgerEntry::getKind).containsExactly(LedgerEntryKind.POLICY_CHANGE, LedgerEntryKind.DECISION,
                LedgerEntryKind.POLICY_CHANGE, LedgerEntryKind.DECISION);
        PolicyChanged first = policyChanged(entries.get(0));
        assertThat(first.getPreviousPolicySetId()).isEqualTo(shipped.id());
        assertThat(first.getPreviousHash()).isEqualTo(shipped.contentHash());
        PolicyChanged change = policyChanged(entries.get(2));
        assertThat(change.getAuthor()).isEqualTo("bob");
        assertThat(change.getVersion()).isEqualTo(2);
        assertThat(change.getPreviousVersion()).isEqualTo(1);
        assertThat(change.getPreviousHash()).isEqualTo(v1.getContentHash());
        assertThat(change.getNewHash()).isEqualTo(v2.getContentHash());
        assertThat(entries.get(2).getSubjectKey()).isEqualTo(PolicyKeys.topicKey(v2));
        assertThat(verify(entries).isClean()).isTrue();
    }

    @Test
    void givenV2InForce_whenV1IsRepublishedAsV3_thenDecisionsAreBackToV1sRulesUnderV3() {
        PolicySetPublished v1 = publish(V1, 1, null, "alice");
        PolicySetPublished v2 = publish(V2, 2, v1.getContentHash(), "alice");
        assertThat(decide(Requests.reason("c-1")).getEffect()).isEqualTo(Effect.DENY);

        publish(v1.getSource(), 3, v2.getContentHash(), "carol");
        GovernanceDecision d = decide(Requests.reason("c-2"));

        assertThat(d.getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(d.getRuleId()).isEqualTo("permit-reason");
        assertThat(d.getPolicyVersion()).isEqualTo("3");
    }

    @Test
    void givenAnOlderVersionArrivingLate_whenApplied_thenTheNewerStaysInForce() {
        PolicySetPublished v1 = PolicyPublication.of(PolicyEnvironment.standard(), V1, "v1.yaml", 1, "alice", PolicyMode.ACTIVE, null,
                null, Requests.NOW);
        publish(V2, 2, null, "alice");
        pipe(v1);

        assertThat(decide(Requests.reason("c-1")).getPolicyVersion()).isEqualTo("2");
    }

    @Test
    void givenATenantSet_whenTenantsAsk_thenOnlyThatTenantSeesItAndOthersFallBackToTheGlobalSet() {
        publish(V1, 1, null, "alice");
        publish("""
                id: globex-dispatch
                tenant: globex
                rules:
                  - id: globex-deny-all
                    effect: DENY
                    reason: "globex is frozen"
                """, 1, null, "alice");

        GovernanceDecision acme = decide(Requests.reason("c-1"));
        GovernanceDecision globex = decide(withTenant(Requests.reason("c-2"), "globex"));

        assertThat(acme.getPolicySetId()).isEqualTo("dispatch");
        assertThat(acme.getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(globex.getPolicySetId()).isEqualTo("globex-dispatch");
        assertThat(globex.getRuleId()).isEqualTo("globex-deny-all");
        assertThat(globex.getEffect()).isEqualTo(Effect.DENY);
    }

    @Test
    void givenACelCondition_whenThePayloadCrossesTheLimit_thenTheRuleDecides() {
        publish("""
                id: dispatch
                rules:
                  - id: deny-large-refunds
                    match: {intent: refund}
                    when: request.payload.amount > 100 && request.attributes['environment'] == 'prod'
                    effect: DENY
                    reason: "refunds over 100 need a human"
                  - id: permit-refunds
                    match: {intent: refund}
                    effect: PERMIT
                    reason: "small refund"
                """, 1, null, "alice");

        DispatchRequested large = withPayload(Requests.request("c-1", "orbit", "billing", "refund"), "{\"amount\": 250}", "prod");
        DispatchRequested small = withPayload(Requests.request("c-2", "orbit", "billing", "refund"), "{\"amount\": 20.5}", "prod");

        assertThat(decide(large).getRuleId()).isEqualTo("deny-large-refunds");
        assertThat(decide(small).getRuleId()).isEqualTo("permit-refunds");
    }

    @Test
    void givenAConditionThatFailsAtRunTime_whenDecided_thenDeniedNamingTheRuleAndTheError() {
        publish("""
                id: dispatch
                rules:
                  - id: small-only
                    when: request.payload.amount < 100
                    effect: PERMIT
                    reason: "small"
                """, 1, null, "alice");

        GovernanceDecision d = decide(Requests.reason("c-1")); // payload has no amount

        assertThat(d.getEffect()).isEqualTo(Effect.DENY);
        assertThat(d.getRuleId()).isEqualTo("small-only");
        assertThat(d.getReason()).contains("condition of rule 'small-only'", "amount", "failing closed");
    }

    @Test
    void givenAPublicationThatDoesNotCompile_whenApplied_thenItIsDeadLetteredAndTheSetInForceStays() {
        PolicySetPublished v1 = publish(V1, 1, null, "alice");
        PolicySetPublished bad = PolicySetPublished.newBuilder(v1).setVersion(2)
                .setSource(V1.replace("effect: PERMIT", "effect: PERMIT\n    when: request.nope == 1")).build();
        pipe(bad);

        DeadLetter letter = deadLetters.readValue();
        // Where its producer wrote it, not the copy governance-streams made for every task.
        assertThat(letter.getSourceTopic()).isEqualTo(TOPICS.policies());
        assertThat(letter.getSourcePartition()).isZero();
        assertThat(letter.getSourceOffset()).isEqualTo(1);
        assertThat(letter.getErrorMessage()).contains("permit-reason", "undeclared reference");
        assertThat(decide(Requests.reason("c-1")).getPolicyVersion()).isEqualTo("1");
    }

    /** Any writer of the policies topic, not only govctl, which checks first: this publication used to end the stream thread. */
    @Test
    void givenAPublicationWithAnEscalationTimeoutTooLongToCount_whenApplied_thenItIsDeadLetteredAndDecisionsGoOn() {
        PolicySetPublished v1 = publish(V1, 1, null, "alice");
        PolicySetPublished bad = PolicySetPublished.newBuilder(v1).setVersion(2).setSource(V1 + """
                  - id: forever
                    match: {intent: deploy}
                    effect: ESCALATE
                    reason: waits
                    obligations:
                      escalation: {approvals: {devops: 1}, timeout: 999999999999999d}
                """).build();
        pipe(bad);

        assertThat(deadLetters.readValue().getErrorMessage()).contains("forever", "obligations.escalation.timeout", "is too long");
        assertThat(decide(Requests.reason("c-1")).getPolicyVersion()).isEqualTo("1");
    }

    @Test
    void givenARejectedPublicationClaimingAnotherOrigin_whenDeadLettered_thenTheLetterNamesWhereItWasWritten() {
        PolicySetPublished v1 = publish(V1, 1, null, "alice");
        PolicySetPublished bad = PolicySetPublished.newBuilder(v1).setVersion(2).setSource("not: [a policy").build();
        org.apache.kafka.common.header.internals.RecordHeaders forged = new org.apache.kafka.common.header.internals.RecordHeaders();
        forged.add(io.govstream.governance.routing.Broadcast.ORIGIN_HEADER, (TOPICS.decisions() + "/7/99").getBytes(StandardCharsets.UTF_8));

        policies.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(PolicyKeys.topicKey(bad).getBytes(StandardCharsets.UTF_8),
                serdes.value(Topics.POLICIES).serializer().serialize(TOPICS.policies(), bad), forged));

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getSourceTopic()).isEqualTo(TOPICS.policies());
        assertThat(letter.getSourcePartition()).isZero();
        assertThat(letter.getSourceOffset()).isEqualTo(1);
    }

    @Test
    void givenThePublicationInForceWrittenAgainWithItsAuthorErased_whenApplied_thenTheStoreNamesThemNoLonger_andNothingIsLedgered() {
        PolicySetPublished v1 = publish(V1, 1, null, "alice");
        ledger.readValuesToList();
        assertThat(storedPolicies()).contains("alice");
        String erased = io.govstream.governance.gdpr.ErasedNames.replacement("alice");

        pipe(PolicySetPublished.newBuilder(v1).setAuthor(erased).build());

        assertThat(storedPolicies()).doesNotContain("alice").contains(erased);
        assertThat(ledger.readValuesToList()).as("nothing that decides changed").isEmpty();
        assertThat(decide(Requests.reason("c-1")).getPolicyVersion()).isEqualTo("1");
        // Anyone else's name, or a changed document, is no erasure: the version in force stays as it was.
        pipe(PolicySetPublished.newBuilder(v1).setAuthor(io.govstream.governance.gdpr.ErasedNames.replacement("mallory")).build());
        pipe(PolicySetPublished.newBuilder(v1).setAuthor("mallory").build());
        assertThat(storedPolicies()).contains(erased).doesNotContain("mallory");
    }

    /** The policy-sets store's values, as its changelog holds them. */
    private String storedPolicies() {
        org.apache.kafka.streams.state.KeyValueStore<String, byte[]> store = driver.getKeyValueStore(GovernanceTopology.POLICY_SETS_STORE);
        StringBuilder all = new StringBuilder();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> all.append(new String(kv.value, java.nio.charset.StandardCharsets.UTF_8)).append('\n'));
        }
        return all.toString();
    }

    @Test
    void givenTheShippedDefault_whenPublishedAsVersion1_thenItIsInForceWithoutALedgerEntry() {
        publish(PolicyLoader.readResource(PolicyLoader.DEFAULT_RESOURCE), 1, null, "govctl up");

        GovernanceDecision d = decide(Requests.reason("c-1"));

        assertThat(d.getPolicyHash()).isEqualTo(shipped.contentHash());
        assertThat(ledger.readValuesToList()).extracting(LedgerEntry::getKind).containsExactly(LedgerEntryKind.DECISION);
    }

    @Test
    void givenTheTopologyWithPolicies_whenDescribed_thenEveryNodeIsNamed() {
        String description = ShippedShape.build(serdes, PolicySource.fixed(shipped)).describe().toString();

        assertThat(description).contains(GovernanceTopology.APPLY_POLICY, GovernanceTopology.POLICY_SETS_STORE,
                GovernanceTopology.LEDGER_FACTS).doesNotContain("KSTREAM-");
    }

    private PolicySetPublished publish(String yaml, int version, String previousHash, String author) {
        PolicySetPublished published = PolicyPublication.of(PolicyEnvironment.standard(), yaml, "p.yaml", version, author,
                PolicyMode.ACTIVE, previousHash, null, Requests.NOW);
        pipe(published);
        return published;
    }

    private void pipe(PolicySetPublished published) {
        policies.pipeInput(PolicyKeys.topicKey(published).getBytes(StandardCharsets.UTF_8),
                serdes.value(Topics.POLICIES).serializer().serialize(TOPICS.policies(), published));
    }

    private GovernanceDecision decide(DispatchRequested request) {
        requests.pipeInput(("k" + sequence++).getBytes(StandardCharsets.UTF_8), serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(TOPICS.dispatchRequests(), request));
        return decisions.readValue();
    }

    private static DispatchRequested withTenant(DispatchRequested request, String tenant) {
        request.getEnvelope().setTenant(tenant);
        return request;
    }

    private static DispatchRequested withPayload(DispatchRequested request, String payload, String environment) {
        request.setPayload(payload);
        request.setAttributes(Map.of("environment", environment));
        return request;
    }

    private PolicyChanged policyChanged(LedgerEntry entry) {
        assertThat(entry.getPayloadType()).isEqualTo(PolicyChanged.getClassSchema().getFullName());
        try {
            byte[] bytes = new byte[entry.getPayload().remaining()];
            entry.getPayload().duplicate().get(bytes);
            return new SpecificDatumReader<>(PolicyChanged.class).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
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
