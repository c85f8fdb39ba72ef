package io.govstream.governance.gdpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.ApprovalEvent;
import io.govstream.events.ApprovalGranted;
import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.EscalationStep;
import io.govstream.events.FlagChange;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.events.SubjectDataKey;
import io.govstream.events.SubjectErasure;
import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import io.govstream.governance.LedgerWiring;
import io.govstream.governance.Requests;
import io.govstream.governance.ShippedShape;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySource;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.InMemoryLedger;
import io.govstream.ledger.LedgerHeadRecovery;
import io.govstream.ledger.LedgerRecord;
import io.govstream.ledger.LedgerVerifier;
import io.govstream.ledger.PayloadDecoder;
import io.govstream.ledger.VerificationReport;
import io.govstream.ledger.checkpoint.CheckpointPolicy;
import io.govstream.ledger.gdpr.DataKeys;
import io.govstream.ledger.gdpr.KeyEncryptionKey;
import io.govstream.ledger.gdpr.KeyRing;
import io.govstream.ledger.gdpr.PersonalFields;
import io.govstream.schemas.gdpr.SubjectRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every person the ledger names is a data subject: the requester, the approver who voted (and whom
 * the final decision's reason names), the author of a flag change. Their names are ciphertext in
 * the ledger under their own keys, and erasing any one of them leaves nothing of theirs readable.
 */
class EveryDataSubjectTopologyTest {
    private static final Topics TOPICS = ShippedShape.TOPICS;
    private static final String POLICY = """
            id: prod
            rules:
              - id: escalate-prod-deploys
                match: {intent: deploy-prod}
                effect: ESCALATE
                reason: "production deploys of ${target} need approval"
                obligations:
                  escalation: {approvals: {devops: 1}, timeout: 1h}
              - id: escalate-pci-deploys
                match: {intent: deploy-pci}
                effect: ESCALATE
                reason: "pci deploys of ${target} need two approvals"
                obligations:
                  escalation: {approvals: {devops: 1, security: 1}, timeout: 1h}
            """;

    private final TopicSerdes serdes = new TopicSerdes(new io.govstream.schemas.registry.InMemorySchemaRegistryClient());
    private final KeyEncryptionKey kek = KeyEncryptionKey.of(DataKeys.generate(), "memory");
    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> requests;
    private TestInputTopic<byte[], byte[]> approvals;
    private TestInputTopic<byte[], byte[]> flags;
    private TestInputTopic<String, SubjectErasure> erasures;
    private TestOutputTopic<String, LedgerEntry> ledger;
    private TestOutputTopic<String, SubjectDataKey> keys;
    private final KeyRing ring = new KeyRing(kek);

    @BeforeEach
    void setUp() {
        driver = new TopologyTestDriver(ShippedShape.build(serdes, PolicySource.fixed(PolicyLoader.parse(POLICY, "prod.yaml")),
                new LedgerWiring(LedgerHeadRecovery.NONE, null, CheckpointPolicy.DEFAULT, kek)),
                ShippedShape.driverProperties("every-data-subject-test", stateDir), Requests.NOW);
        requests = driver.createInputTopic(TOPICS.dispatchRequests(), new ByteArraySerializer(), new ByteArraySerializer(), Requests.NOW,
                Duration.ZERO);
        approvals = driver.createInputTopic(TOPICS.approvals(), new ByteArraySerializer(), new ByteArraySerializer(), Requests.NOW,
                Duration.ZERO);
        flags = driver.createInputTopic(TOPICS.flags(), new ByteArraySerializer(), new ByteArraySerializer());
        erasures = driver.createInputTopic(TOPICS.ledgerErasures(), Serdes.String().serializer(), serdes.value(Topics.LEDGER_ERASURES).serializer());
        ledger = driver.createOutputTopic(TOPICS.ledger(), Serdes.String().deserializer(), serdes.value(Topics.LEDGER).deserializer());
        keys = driver.createOutputTopic(TOPICS.ledgerKeys(), Serdes.String().deserializer(), serdes.value(Topics.LEDGER_KEYS).deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void givenARequesterAVoterAndAFlagAuthor_whenLedgered_thenNoNameIsInClear_andEachHasAKeyOfTheirOwn() {
        escalateAndApprove();
        setFlag("freeze", "frank");

        List<LedgerEntry> entries = ledger.readValuesToList();
        assertThat(entries).hasSizeGreaterThanOrEqualTo(4);
        for (LedgerEntry entry : entries) {
            assertThat(new String(Bytes.of(entry.getPayload()), StandardCharsets.ISO_8859_1))
                    .as(entry.getPayloadType() + " #" + entry.getSequence())
                    .doesNotContain("alice").doesNotContain("bobby").doesNotContain("frank").doesNotContain("ship it");
        }
        assertThat(keyNames()).contains(SubjectRef.keyOf(SubjectRef.of("alice"), 0), SubjectRef.keyOf(SubjectRef.of("bobby"), 0),
                SubjectRef.keyOf(SubjectRef.of("frank"), 0));

        EscalationStep step = revealed(only(entries, EscalationStep.class));
        assertThat(step.getApprover()).isEqualTo("bobby");
        assertThat(step.getComment()).isEqualTo("ship it");
        GovernanceDecision last = revealed(last(entries, GovernanceDecision.class));
        assertThat(last.getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(last.getSubject()).isEqualTo("alice");
        assertThat(last.getApprovers()).containsExactly("bobby");
        assertThat(last.getReason()).contains("approved by bobby (devops)");
        assertThat(revealed(only(entries, FlagChange.class)).getAuthor()).isEqualTo("frank");
        assertThat(verify(entries).isClean()).isTrue();
    }

    @Test
    void givenTheVoterErased_whenRead_thenEveryFieldNamingHimReadsErased_whileTheRequestersOwnDecisionStillReads() {
        escalateAndApprove();
        erasures.pipeInput(SubjectRef.of("bobby"), erasure("bobby"));

        List<LedgerEntry> entries = ledger.readValuesToList();
        EscalationStep step = revealed(only(entries, EscalationStep.class));
        assertThat(step.getApprover()).isEqualTo(PersonalFields.ERASED);
        assertThat(step.getComment()).isEqualTo(PersonalFields.ERASED);
        assertThat(step.getNote()).isEqualTo(PersonalFields.ERASED);
        GovernanceDecision last = revealed(last(entries, GovernanceDecision.class));
        // The final decision names both people: its personal fields open only while both keys exist.
        assertThat(last.getReason()).isEqualTo(PersonalFields.ERASED);
        assertThat(last.getApprovers()).containsExactly(PersonalFields.ERASED);
        assertThat(last.getEffect()).isEqualTo(Effect.PERMIT);
        GovernanceDecision escalated = revealed(first(entries, GovernanceDecision.class));
        assertThat(escalated.getEffect()).isEqualTo(Effect.ESCALATE);
        assertThat(escalated.getSubject()).isEqualTo("alice");
        VerificationReport report = verify(entries);
        assertThat(report.isClean()).as(report.toString()).isTrue();
    }

    @Test
    void givenAFlagAuthorErased_whenRead_thenTheAuthorAndNoteReadErased_andTheFlagStillApplies() {
        setFlag("freeze", "frank");
        erasures.pipeInput(SubjectRef.of("frank"), erasure("frank"));

        FlagChange change = revealed(only(ledger.readValuesToList(), FlagChange.class));
        assertThat(change.getAuthor()).isEqualTo(PersonalFields.ERASED);
        assertThat(change.getNote()).isEqualTo(PersonalFields.ERASED);
        assertThat(change.getName()).isEqualTo("freeze");
        assertThat(change.getValue()).isEqualTo(true);
    }

    @Test
    void givenAFlagChangeWrittenAgainWithItsAuthorErased_whenApplied_thenTheStoreNamesHimNoLonger_andNothingIsLedgered() {
        setFlag("freeze", "frank");
        ledger.readValuesToList();
        assertThat(storedFlags()).contains("frank");

        String erased = ErasedNames.replacement("frank");
        FlagChange rewrite = FlagChange.newBuilder(flagChange("freeze", erased)).setNote("asked by " + erased).build();
        flags.pipeInput("freeze".getBytes(StandardCharsets.UTF_8), serdes.value(Topics.FLAGS).serializer().serialize(TOPICS.flags(), rewrite));

        assertThat(storedFlags()).doesNotContain("frank").contains(erased);
        assertThat(ledger.readValuesToList()).as("the flag's value did not change").isEmpty();
    }

    /** The feature-flags store's values, as its changelog holds them. */
    private String storedFlags() {
        org.apache.kafka.streams.state.KeyValueStore<String, byte[]> store = driver.getKeyValueStore(io.govstream.governance.flags.FeatureFlags.STORE);
        StringBuilder all = new StringBuilder();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> all.append(new String(kv.value, StandardCharsets.UTF_8)).append('\n'));
        }
        return all.toString();
    }

    @Test
    void givenAnOpenEscalation_whenItsVoterIsErased_thenItsStateNamesHimNoLonger_andHisVoteStillCountsOnce() {
        TestOutputTopic<String, GovernanceDecision> decisions = decisions();
        request("c-2", "deploy-pci");
        vote("c-2", "vote-2", "bobby", "devops", "fine by me");
        assertThat(pendingBytes()).as("the open escalation names its voter before the erasure").contains("bobby");

        erasures.pipeInput(SubjectRef.of("bobby"), erasure("bobby"));

        assertThat(pendingBytes()).as("the open escalation, as its changelog holds it").doesNotContain("bobby")
                .contains(SubjectRef.erasedPerson(SubjectRef.of("bobby")));
        vote("c-2", "vote-3", " Bobby", "security", "again");
        // Nor can anyone vote under an erased person's marker: only an erasure writes one.
        vote("c-2", "vote-3b", SubjectRef.erasedPerson(SubjectRef.of("mallory")), "security", null);
        assertThat(decisions.readValuesToList()).as("bobby cannot vote twice by being erased").extracting(GovernanceDecision::getEffect)
                .containsExactly(Effect.ESCALATE);
        vote("c-2", "vote-4", "carla", "security", null);
        List<GovernanceDecision> after = decisions.readValuesToList();
        assertThat(after).extracting(GovernanceDecision::getEffect).containsExactly(Effect.PERMIT);
        assertThat(after.get(0).getReason()).doesNotContain("bobby").contains(SubjectRef.erasedPerson(SubjectRef.of("bobby")));
        GovernanceDecision ledgered = revealed(last(ledger.readValuesToList(), GovernanceDecision.class));
        assertThat(ledgered.getApprovers()).containsExactly(SubjectRef.erasedPerson(SubjectRef.of("bobby")), "carla");
        assertThat(ledgered.getSubject()).isEqualTo("alice");
    }

    @Test
    void givenAPendingEscalation_whenItsRequesterIsErased_thenItIsDeniedAtOnce_namingNoOne_andNoCommandEverLeaves() {
        TestOutputTopic<String, GovernanceDecision> decisions = decisions();
        TestOutputTopic<String, byte[]> commands = driver.createOutputTopic(TOPICS.axonCommands(), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        request("c-3", "deploy-prod");
        assertThat(pendingBytes()).contains("alice");

        erasures.pipeInput(SubjectRef.of("alice"), erasure("alice"));

        assertThat(pendingBytes()).as("nothing is pending").isEmpty();
        List<GovernanceDecision> out = decisions.readValuesToList();
        assertThat(out).extracting(GovernanceDecision::getEffect).containsExactly(Effect.ESCALATE, Effect.DENY);
        GovernanceDecision denied = out.get(1);
        assertThat(denied.getEnvelope().getCorrelationId()).isEqualTo("c-3");
        assertThat(denied.getSubject()).isEqualTo(SubjectRef.erasedPerson(SubjectRef.of("alice")));
        assertThat(denied.getReason()).contains("erased").doesNotContain("alice");
        vote("c-3", "vote-5", "bobby", "devops", null);
        erasures.pipeInput(SubjectRef.of("alice"), erasure("alice")); // the same erasure again: erase is re-run after a restore
        assertThat(decisions.readValuesToList()).as("a vote after the erasure, or the erasure again, decides nothing").isEmpty();
        assertThat(commands.readValuesToList()).isEmpty();
        List<LedgerEntry> entries = ledger.readValuesToList();
        for (LedgerEntry entry : entries) {
            assertThat(new String(Bytes.of(entry.getPayload()), StandardCharsets.ISO_8859_1)).doesNotContain("alice");
        }
        assertThat(last(entries, GovernanceDecision.class).getEffect()).isEqualTo(Effect.DENY);
        VerificationReport report = verify(entries);
        assertThat(report.isClean()).as(report.toString()).isTrue();
    }

    private TestOutputTopic<String, GovernanceDecision> decisions() {
        return driver.createOutputTopic(TOPICS.decisions(), Serdes.String().deserializer(), serdes.value(Topics.DECISIONS).deserializer());
    }

    private void request(String correlationId, String intent) {
        DispatchRequested request = Requests.request(correlationId, "orbit", "axon", intent); // subject alice
        requests.pipeInput(correlationId.getBytes(StandardCharsets.UTF_8),
                serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(TOPICS.dispatchRequests(), request));
    }

    private void vote(String correlationId, String eventId, String approver, String role, String comment) {
        ApprovalGranted vote = ApprovalGranted.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId(eventId).setCorrelationId(correlationId).setCausationId(eventId)
                        .setTenant("acme").setOccurredAt(Requests.NOW).setProducer("orbit").build())
                .setCorrelationId(correlationId).setApprover(approver).setRole(role).setComment(comment)
                .setVoterTenants(List.of("acme")).build();
        byte[] value = serdes.value(Topics.APPROVALS).serializer().serialize(TOPICS.approvals(), ApprovalEvent.newBuilder().setVote(vote).build());
        approvals.pipeInput(new TestRecord<>(correlationId.getBytes(StandardCharsets.UTF_8), value,
                ShippedShape.sealed(TOPICS.approvals(), value)));
    }

    /** The values of the pending-escalations store, as its changelog records hold them (nested request and decision included). */
    private String pendingBytes() {
        org.apache.kafka.streams.state.KeyValueStore<String, io.govstream.events.PendingEscalation> store =
                driver.getKeyValueStore(io.govstream.governance.escalation.PendingEscalations.STORE);
        List<String> values = new java.util.ArrayList<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> values.add(new String(io.govstream.ledger.LedgerFact.avroBinary(kv.value), StandardCharsets.UTF_8)));
        }
        return String.join("\n", values);
    }

    private void escalateAndApprove() {
        DispatchRequested request = Requests.request("c-1", "orbit", "axon", "deploy-prod"); // subject alice
        requests.pipeInput("c-1".getBytes(StandardCharsets.UTF_8), serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(TOPICS.dispatchRequests(), request));
        ApprovalGranted vote = ApprovalGranted.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId("vote-1").setCorrelationId("c-1").setCausationId("vote-1").setTenant("acme")
                        .setOccurredAt(Requests.NOW).setProducer("orbit").build())
                .setCorrelationId("c-1").setApprover("bobby").setRole("devops").setComment("ship it")
                .setVoterTenants(List.of("acme")).build();
        byte[] value = serdes.value(Topics.APPROVALS).serializer().serialize(TOPICS.approvals(), ApprovalEvent.newBuilder().setVote(vote).build());
        approvals.pipeInput(new TestRecord<>("c-1".getBytes(StandardCharsets.UTF_8), value, ShippedShape.sealed(TOPICS.approvals(), value)));
    }

    private void setFlag(String name, String author) {
        FlagChange change = flagChange(name, author);
        flags.pipeInput(name.getBytes(StandardCharsets.UTF_8), serdes.value(Topics.FLAGS).serializer().serialize(TOPICS.flags(), change));
    }

    private static FlagChange flagChange(String name, String author) {
        return FlagChange.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId("flag-1").setCorrelationId("flag-1").setCausationId("flag-1").setTenant("*")
                        .setOccurredAt(Requests.NOW).setProducer("govctl").build())
                .setName(name).setValue(true).setAuthor(author).setNote("asked by " + author).setChangedAt(Requests.NOW).build();
    }

    private static SubjectErasure erasure(String subject) {
        return SubjectErasure.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId("erase-" + SubjectRef.of(subject)).setCorrelationId("erase-" + SubjectRef.of(subject))
                        .setCausationId("erase-" + SubjectRef.of(subject)).setTenant("*").setOccurredAt(Requests.NOW).setProducer("govctl").build())
                .setSubjectRef(SubjectRef.of(subject)).setRequestedBy("dpo").setReason("ticket 42").build();
    }

    private List<String> keyNames() {
        return readKeys().stream().map(kv -> kv.key).toList();
    }

    private List<KeyValue<String, SubjectDataKey>> readKeys() {
        List<KeyValue<String, SubjectDataKey>> published = keys.readKeyValuesToList();
        published.forEach(kv -> ring.accept(kv.key, kv.value == null ? null : Bytes.of(kv.value.getWrappedKeyset())));
        return published;
    }

    private <T extends SpecificRecord> T revealed(T stored) {
        readKeys();
        return PersonalFields.decrypt(stored, ref -> ring.key(ref, 0));
    }

    private static <T extends SpecificRecord> List<T> all(List<LedgerEntry> entries, Class<T> type) {
        return entries.stream().filter(e -> e.getPayloadType().equals(type.getName())).map(e -> decode(e, type)).toList();
    }

    private static <T extends SpecificRecord> T only(List<LedgerEntry> entries, Class<T> type) {
        List<T> found = all(entries, type);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static <T extends SpecificRecord> T first(List<LedgerEntry> entries, Class<T> type) {
        return all(entries, type).get(0);
    }

    private static <T extends SpecificRecord> T last(List<LedgerEntry> entries, Class<T> type) {
        List<T> found = all(entries, type);
        return found.get(found.size() - 1);
    }

    private static <T extends SpecificRecord> T decode(LedgerEntry entry, Class<T> type) {
        try {
            return PayloadDecoder.decode(Bytes.of(entry.getPayload()), type);
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
