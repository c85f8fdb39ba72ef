package io.govstream.governance;

import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.events.DispatchCommand;
import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySource;
import io.govstream.governance.routing.Provenance;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Facts no producer can forge, on the shipped topology: what a record on the external requests
 * topic says about its source, subject and tenant is kept as a claim and never evaluated; the
 * channel it arrived on decides what it provably is.
 */
class ProvenanceTopologyTest {
    private static final Topics TOPICS = ShippedShape.TOPICS;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOCKOUT = """
            id: lockout
            rules:
              - id: denied-too-often
                match: {source: orbit}
                when: state.recentDenials("10m") >= 3
                effect: DENY
                reason: "${source} was denied too often"
              - id: deny-shutdown
                match: {intent: shutdown}
                effect: DENY
                reason: "never"
              - id: permit-orbit
                match: {source: orbit, target: axon}
                effect: PERMIT
                reason: "orbit may"
            """;

    private final TopicSerdes serdes = new TopicSerdes(new InMemorySchemaRegistryClient());
    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> orbit;
    private TestInputTopic<byte[], byte[]> external;
    private TestOutputTopic<String, GovernanceDecision> decisions;
    private TestOutputTopic<String, GovernanceDecision> externalDecisions;
    private TestOutputTopic<String, DispatchCommand> commands;
    private TestOutputTopic<String, LedgerEntry> ledger;

    private void start(PolicySource policies) {
        Properties props = ShippedShape.driverProperties("provenance-test", stateDir);
        driver = new TopologyTestDriver(ShippedShape.build(serdes, policies), props, Requests.NOW);
        orbit = driver.createInputTopic(TOPICS.dispatchRequests(), new ByteArraySerializer(), new ByteArraySerializer(), Requests.NOW,
                java.time.Duration.ZERO);
        external = driver.createInputTopic(TOPICS.externalRequests(), new ByteArraySerializer(), new ByteArraySerializer(),
                Requests.NOW, java.time.Duration.ZERO);
        decisions = driver.createOutputTopic(TOPICS.decisions(), Serdes.String().deserializer(), serdes.value(Topics.DECISIONS).deserializer());
        externalDecisions = driver.createOutputTopic(TOPICS.name(Topics.EXTERNAL_DECISIONS), Serdes.String().deserializer(),
                serdes.value(Topics.EXTERNAL_DECISIONS).deserializer());
        commands = driver.createOutputTopic(TOPICS.axonCommands(), Serdes.String().deserializer(), serdes.value(Topics.AXON_COMMANDS).deserializer());
        ledger = driver.createOutputTopic(TOPICS.ledger(), Serdes.String().deserializer(), serdes.value(Topics.LEDGER).deserializer());
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void givenAnExternalRecordClaimingToBeOrbitForAlice_whenDecided_thenDeniedAsWhatItProvablyIs_andTheClaimsAreOnlyRecorded()
            throws Exception {
        start(PolicySource.fixed(PolicyLoader.loadDefault()));

        sendExternal(Requests.reason("forged-1"), new RecordHeaders());

        GovernanceDecision decision = decisions.readValue();
        assertThat(decision.getEffect()).isEqualTo(Effect.DENY);
        assertThat(decision.getRuleId()).isEqualTo("deny-unproven-request");
        assertThat(decision.getReason()).isEqualTo("the request proves only its writer, external:producer: this policy decides "
                + "on requests Orbit authenticated, not on what a record claims");
        assertThat(decision.getSource()).isEqualTo("external:producer");
        assertThat(decision.getSubject()).as("alice is not named as the requester").isEqualTo("external:producer");
        assertThat(decision.getEnvelope().getTenant()).isEqualTo(Provenance.EXTERNAL_TENANT);
        assertThat(decision.getProvenance()).isEqualTo("external:producer");
        assertThat(JSON.readValue(decision.getClaims(), Map.class))
                .isEqualTo(Map.of("source", "orbit", "subject", "alice", "tenant", "acme"));
        assertThat(commands.isEmpty()).as("no work for Axon").isTrue();
        TestRecord<String, GovernanceDecision> copy = externalDecisions.readRecord();
        assertThat(copy.value()).as("the external clients read their decision on their own topic").isEqualTo(decision);
        assertThat(copy.key()).isEqualTo("forged-1");
        assertThat(externalDecisions.isEmpty()).isTrue();

        GovernanceDecision ledgered = ledgered(ledger.readValue());
        assertThat(ledgered.getProvenance()).as("the ledger records how the facts were established").isEqualTo("external:producer");
        assertThat(ledgered.getSubject()).isEqualTo("external:producer");
        assertThat(JSON.readValue(ledgered.getClaims(), Map.class)).containsEntry("subject", "alice");
    }

    @Test
    void givenAnExternalRecordCarryingTheChannelHeaderOfOrbit_whenDecided_thenItIsStillExternal() {
        start(PolicySource.fixed(PolicyLoader.loadDefault()));
        RecordHeaders forged = new RecordHeaders();
        forged.add(Provenance.HEADER, Provenance.ORBIT.getBytes(StandardCharsets.UTF_8));

        sendExternal(Requests.reason("forged-2"), forged);

        GovernanceDecision decision = decisions.readValue();
        assertThat(decision.getProvenance()).isEqualTo("external:producer");
        assertThat(decision.getEffect()).isEqualTo(Effect.DENY);
        assertThat(commands.isEmpty()).isTrue();
    }

    @Test
    void givenARequestOrbitWrote_whenDecided_thenTakenAsOrbitWroteIt_withProvenanceOrbitAndNoClaims() {
        start(PolicySource.fixed(PolicyLoader.loadDefault()));

        sendOrbit(Requests.reason("genuine-1"));

        TestRecord<String, GovernanceDecision> decision = decisions.readRecord();
        assertThat(decision.value().getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(decision.value().getSubject()).isEqualTo("alice");
        assertThat(decision.value().getEnvelope().getTenant()).isEqualTo("acme");
        assertThat(decision.value().getProvenance()).isEqualTo("orbit");
        assertThat(decision.value().getClaims()).isEqualTo("{}");
        assertThat(decision.headers().lastHeader(Provenance.HEADER)).as("the channel header stays inside the topology").isNull();
        assertThat(commands.readValue().getSubject()).isEqualTo("alice");
        assertThat(externalDecisions.isEmpty()).as("Orbit's decisions, which name people, never reach the external clients' topic").isTrue();
    }

    @Test
    void givenFiveForgedDenialsFromOrbit_whenOrbitsRealRequestArrives_thenItsTenantsRecentDenialsAreUntouched() {
        start(PolicySource.fixed(PolicyLoader.parse(LOCKOUT, "lockout.yaml")));
        for (int i = 0; i < 5; i++) {
            DispatchRequested forged = Requests.request("forged-shutdown-" + i, "orbit", "axon", "shutdown");
            sendExternal(forged, new RecordHeaders());
        }
        List<GovernanceDecision> forged = decisions.readValuesToList();
        assertThat(forged).hasSize(5).allSatisfy(d -> assertThat(d.getEnvelope().getTenant()).isEqualTo("external"));

        sendOrbit(Requests.reason("genuine-2"));

        GovernanceDecision genuine = decisions.readValue();
        assertThat(genuine.getRuleId()).as("the forged denials counted in tenant external, not acme").isEqualTo("permit-orbit");
        assertThat(genuine.getEffect()).isEqualTo(Effect.PERMIT);
    }

    private void sendOrbit(DispatchRequested request) {
        byte[] value = serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(TOPICS.dispatchRequests(), request);
        orbit.pipeInput(request.getEnvelope().getCorrelationId().getBytes(StandardCharsets.UTF_8), value);
    }

    private void sendExternal(DispatchRequested request, RecordHeaders headers) {
        byte[] value = serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(TOPICS.externalRequests(), request);
        external.pipeInput(new TestRecord<>(request.getEnvelope().getCorrelationId().getBytes(StandardCharsets.UTF_8), value, headers,
                Requests.NOW));
    }

    private static GovernanceDecision ledgered(LedgerEntry entry) throws Exception {
        assertThat(entry.getPayloadType()).isEqualTo(GovernanceDecision.getClassSchema().getFullName());
        byte[] payload = entry.getPayload().array();
        return new SpecificDatumReader<>(GovernanceDecision.class).read(null, DecoderFactory.get().binaryDecoder(payload, null));
    }
}
