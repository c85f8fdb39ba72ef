package io.govstream.governance.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.GovernanceDecision;
import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import io.govstream.governance.GovernanceTopology;
import io.govstream.governance.ShippedShape;
import io.govstream.governance.Requests;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySource;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import io.govstream.governance.dispatch.DispatchDecider;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rate windows, daily quotas and recent denials in the topology, with the driver's wall clock. */
class StatefulRulesTopologyTest {
    private static final Topics TOPICS = ShippedShape.TOPICS;
    private static final String POLICY = """
            id: limits
            rules:
              - id: subject-denied-too-often
                match: {intent: ask}
                when: state.ofSubject().recentDenials("10m") >= 3
                effect: DENY
                reason: "${subject} was denied too often"
              - id: per-subject-rate
                match: {intent: ask}
                when: state.ofSubject().rate("1m") < 2
                effect: PERMIT
                reason: "within 2 a minute per subject"
              - id: too-many-denials
                match: {intent: ping}
                when: state.recentDenials("10m") >= 3
                effect: DENY
                reason: "${source} was denied too often"
              - id: deny-bad
                match: {intent: bad}
                effect: DENY
                reason: "bad"
              - id: rate-limit
                match: {intent: reason}
                when: state.rate("1m") < 600
                effect: PERMIT
                reason: "within 600 a minute"
              - id: quota
                match: {intent: heartbeat}
                when: state.today() < 3
                effect: PERMIT
                reason: "within the daily quota"
              - id: ping
                match: {intent: ping}
                effect: PERMIT
                reason: "ping"
            """;

    private final TopicSerdes serdes = new TopicSerdes(new InMemorySchemaRegistryClient());
    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> requests;
    private TestOutputTopic<String, GovernanceDecision> decisions;
    private int sequence;
    private Instant clock = Requests.NOW;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "stateful-rules-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ShippedShape.build(serdes, PolicySource.fixed(PolicyLoader.parse(POLICY, "limits.yaml"))), props, Requests.NOW);
        requests = driver.createInputTopic(TOPICS.dispatchRequests(), new ByteArraySerializer(), new ByteArraySerializer());
        decisions = driver.createOutputTopic(TOPICS.decisions(), Serdes.String().deserializer(), serdes.value(Topics.DECISIONS).deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void given600RequestsInAMinute_whenThe601stArrives_thenItIsDenied_andAfterTheWindowPassesPermittedAgain() {
        for (int i = 0; i < 600; i++) {
            assertThat(decide("reason").getEffect()).as("request %d", i + 1).isEqualTo(Effect.PERMIT);
            advance(Duration.ofMillis(90)); // 600 requests in 54 s
        }

        GovernanceDecision the601st = decide("reason");
        assertThat(the601st.getEffect()).isEqualTo(Effect.DENY);
        assertThat(the601st.getRuleId()).isEqualTo("default-deny");

        advance(Duration.ofSeconds(59)); // the first requests' seconds have left the window
        assertThat(decide("reason").getEffect()).isEqualTo(Effect.PERMIT);
    }

    @Test
    void givenADailyQuotaOf3_whenUsedUp_thenDeniedUntilTheNextUtcDay() {
        assertThat(decide("heartbeat").getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(decide("heartbeat").getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(decide("heartbeat").getEffect()).isEqualTo(Effect.PERMIT);

        assertThat(decide("heartbeat").getEffect()).isEqualTo(Effect.DENY);

        advance(Duration.ofHours(12)); // NOW is 12:00 UTC: the next day has begun
        assertThat(decide("heartbeat").getRuleId()).isEqualTo("quota");
    }

    @Test
    void givenThreeRecentDenialsOfASource_whenItAsksAgain_thenDenied_andTenMinutesLaterPermitted() {
        assertThat(decide("ping").getEffect()).isEqualTo(Effect.PERMIT);
        for (int i = 0; i < 3; i++) {
            assertThat(decide("bad").getEffect()).isEqualTo(Effect.DENY);
        }

        GovernanceDecision ping = decide("ping");
        assertThat(ping.getRuleId()).isEqualTo("too-many-denials");
        assertThat(ping.getReason()).isEqualTo("orbit was denied too often");

        advance(Duration.ofMinutes(10));
        assertThat(decide("ping").getRuleId()).isEqualTo("ping");
    }

    @Test
    void givenThreeDenialsOfOneSubject_whenAnotherSubjectOfTheSameSourceAsks_thenOnlyTheDeniedSubjectIsLockedOut() {
        for (int i = 0; i < 3; i++) {
            assertThat(decide("bad", "mallory").getEffect()).isEqualTo(Effect.DENY);
        }

        GovernanceDecision mallory = decide("ask", "mallory");
        GovernanceDecision alice = decide("ask", "alice");

        assertThat(mallory.getRuleId()).isEqualTo("subject-denied-too-often");
        assertThat(mallory.getReason()).isEqualTo("mallory was denied too often");
        assertThat(alice.getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(alice.getRuleId()).isEqualTo("per-subject-rate");
        assertThat(decide("ping", "alice").getRuleId()).as("the source-wide count still sees all three denials")
                .isEqualTo("too-many-denials");
    }

    @Test
    void givenAPerSubjectRateOfTwo_whenOneSubjectAsksThreeTimes_thenTheThirdIsDenied_andOtherSubjectsAreNotCounted() {
        assertThat(decide("ask", "alice").getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(decide("ask", "alice").getEffect()).isEqualTo(Effect.PERMIT);

        GovernanceDecision third = decide("ask", "alice");

        assertThat(third.getEffect()).isEqualTo(Effect.DENY);
        assertThat(third.getRuleId()).isEqualTo("default-deny");
        assertThat(decide("ask", "bob").getRuleId()).isEqualTo("per-subject-rate");
        assertThat(decide("ask", "bob").getRuleId()).isEqualTo("per-subject-rate");
        advance(Duration.ofMinutes(1));
        assertThat(decide("ask", "alice").getRuleId()).as("a minute later").isEqualTo("per-subject-rate");
    }

    @Test
    void givenRequestsOlderThanTheMaximumAge_whenDecided_thenDeniedWithThatReason_andCountedNowhere() {
        Instant written = Requests.NOW.minus(DispatchDecider.DEFAULT_MAX_AGE).minusSeconds(1);
        String id = "stale-1";
        requests.pipeInput(id.getBytes(), serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(TOPICS.dispatchRequests(),
                Requests.request(id, "orbit", "axon", "reason")), written);

        GovernanceDecision stale = decisions.readValue();

        assertThat(stale.getEffect()).isEqualTo(Effect.DENY);
        assertThat(stale.getRuleId()).isEqualTo("max-age");
        assertThat(stale.getReason()).isEqualTo("request written at " + written + " is PT5M1S old when decided at " + Requests.NOW
                + "; the maximum request age is PT5M");
        assertThat(size(StatefulRules.RATE_WINDOWS)).as("a stale backlog fills no window").isZero();
        assertThat(size(StatefulRules.RECENT_DENIALS)).isZero();

        requests.pipeInput("fresh".getBytes(), serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(TOPICS.dispatchRequests(),
                Requests.request("fresh", "orbit", "axon", "reason")), Requests.NOW.minus(DispatchDecider.DEFAULT_MAX_AGE));
        assertThat(decisions.readValue().getRuleId()).as("exactly the maximum age is still in time").isEqualTo("rate-limit");
    }

    @Test
    void givenOldBuckets_whenTheWallClockPassesTheRetention_thenTheStoresAreEmptied() {
        decide("reason");
        decide("heartbeat");
        decide("bad");
        assertThat(size(StatefulRules.RATE_WINDOWS)).isPositive();

        advance(Duration.ofHours(13)); // past 1 h of buckets and past the UTC day

        assertThat(size(StatefulRules.RATE_WINDOWS)).isZero();
        assertThat(size(StatefulRules.RECENT_DENIALS)).isZero();
        assertThat(size(StatefulRules.DAILY_COUNTS)).isZero();
    }

    @Test
    void givenTheStateStores_thenEachIsNamedPersistentAndChangelogged_soRestartsAndRebalancesRestoreIt() {
        assertThat(StatefulRules.binding().stores()).extracting(b -> b.name())
                .containsExactlyInAnyOrder(StatefulRules.RATE_WINDOWS, StatefulRules.DAILY_COUNTS, StatefulRules.RECENT_DENIALS);
        assertThat(StatefulRules.binding().stores()).allSatisfy(b -> assertThat(b.loggingEnabled()).isTrue());
        assertThat(driver.getKeyValueStore(StatefulRules.RATE_WINDOWS).persistent()).isTrue();
    }

    private long size(String store) {
        KeyValueStore<String, Long> kv = driver.getKeyValueStore(store);
        long n = 0;
        try (var it = kv.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    /** Time passes: the driver's wall clock, and the broker's append time of the next requests. */
    private void advance(Duration duration) {
        driver.advanceWallClockTime(duration);
        clock = clock.plus(duration);
    }

    private GovernanceDecision decide(String intent) {
        return decide(intent, "alice");
    }

    private GovernanceDecision decide(String intent, String subject) {
        String id = "c-" + (++sequence);
        DispatchRequested request = Requests.request(id, "orbit", "axon", intent);
        request.setSubject(subject);
        request.getEnvelope().setOccurredAt(clock);
        requests.pipeInput(id.getBytes(), serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(TOPICS.dispatchRequests(), request), clock);
        return decisions.readValue();
    }
}
