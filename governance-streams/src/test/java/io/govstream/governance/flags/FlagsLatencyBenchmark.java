package io.govstream.governance.flags;

import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.FlagChange;
import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import io.govstream.governance.GovernanceTopology;
import io.govstream.governance.ShippedShape;
import io.govstream.governance.Requests;
import io.govstream.governance.dispatch.DispatchDecider;
import io.govstream.policy.FlagsExtension;
import io.govstream.policy.PolicyExtension;
import io.govstream.policy.PolicyInput;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySet;
import io.govstream.policy.PolicySource;
import io.govstream.policy.StateExtension;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Not a test (no Test suffix, so neither surefire nor failsafe runs it): what feature flags cost a
 * decision, with and without the flags provider, in the same JVM, rounds interleaved.
 *
 * <ol>
 *   <li>Lookup: the extension values a decision asks for, merged as the decision processor merges them:
 *       {@code flags} from {@link FeatureFlags} over a task store of 20 flags vs. the empty {@link FlagsExtension}.</li>
 *   <li>Evaluation: {@link DispatchDecider#outcome} of the shipped policy (whose kill-switch rule
 *       reads {@code flags.?axon_paused.orValue(false)}), with {@code flags} the empty map a
 *       topology without a flags topic gives, vs. the provider's snapshot of 20 flags.</li>
 *   <li>Topology: requests through the whole governance topology (decide, decision, command,
 *       ledger append) in a TopologyTestDriver, without a flags topic vs. with one holding 20 flags.</li>
 * </ol>
 * Command and figures: docs/benchmarks.md.
 *
 * <pre>
 * mvn -B -o -q -pl governance-streams test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp governance-streams/target/classes:governance-streams/target/test-classes:$(cat governance-streams/target/bench.cp) \
 *     io.govstream.governance.flags.FlagsLatencyBenchmark 30000 3000 31
 * </pre>
 */
public final class FlagsLatencyBenchmark {
    private static final int FLAGS = 20;

    public static void main(String[] args) throws Exception {
        int evaluations = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
        int topologyRequests = args.length > 1 ? Integer.parseInt(args[1]) : 3_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 31;
        PolicySet policy = PolicyLoader.loadDefault();
        DispatchDecider decider = new DispatchDecider(DispatchDecider.DEFAULT_MAX_AGE);
        DispatchRequested request = Requests.reason("bench");
        // Per decision the processor merges every extension's values into one map (DecideDispatchProcessor):
        // the same here, with flags from FeatureFlags over a task's store of 20 flags vs. the empty FlagsExtension.
        Map<String, Object> neutralState = StateExtension.INSTANCE.given(Map.of());
        Map<String, Object> noFlags = FlagsExtension.INSTANCE.given(Map.of());
        PolicyExtension.Values state = (in, now) -> neutralState;
        PolicyExtension.Values without = merged((in, now) -> noFlags, state);
        FeatureFlags flags = new FeatureFlags(io.govstream.topology.Catalogue.load().changelog(io.govstream.topology.Topics.PERSONAL_CHANGELOG));
        KeyValueStore<String, byte[]> store = FeatureFlagsTest.store();
        flags().forEach((name, value) -> store.put(name, FeatureFlags.encode(change(name, value))));
        PolicyExtension.Values with = merged(flags.binding().opener().apply(FeatureFlagsTest.stores(store, FeatureFlagsTest.versions())), state);

        double[][] lookup = new double[2][rounds];
        double[][] evaluation = new double[2][rounds];
        double[][] topology = new double[2][rounds];
        PolicyInput input = DispatchDecider.input(request);
        evaluate(decider, request, policy, without, evaluations); // warm-up
        evaluate(decider, request, policy, with, evaluations);
        for (int r = 0; r < rounds; r++) {
            // Alternate which variant goes first, so a drift in machine load does not favour one.
            for (int v : r % 2 == 0 ? new int[] {0, 1} : new int[] {1, 0}) {
                lookup[v][r] = lookUp(v == 0 ? without : with, input, evaluations * 100);
                evaluation[v][r] = evaluate(decider, request, policy, v == 0 ? without : with, evaluations);
                topology[v][r] = throughTopology(v == 1, topologyRequests);
            }
            System.out.printf("round %d: evaluation %.0f / %.0f ns, topology %.1f / %.1f µs (without / with flags)%n", r + 1,
                    evaluation[0][r], evaluation[1][r], topology[0][r] / 1000, topology[1][r] / 1000);
        }
        report("flags lookup per decision (Values.of), ns per call", lookup, evaluations * 100);
        report("decision evaluation (DispatchDecider.outcome), ns per decision", evaluation, evaluations);
        report("whole topology (TopologyTestDriver), ns per request", topology, topologyRequests);
    }

    private static Map<String, Object> flags() {
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("axon_paused", false); // read by the shipped kill switch: the decision stays PERMIT
        for (int i = 1; i < FLAGS; i++) {
            flags.put("flag_" + i, i % 2 == 0 ? (Object) ("value-" + i) : (Object) (long) i);
        }
        return flags;
    }

    private static PolicyExtension.Values merged(PolicyExtension.Values flags, PolicyExtension.Values state) {
        return (input, now) -> {
            Map<String, Object> all = new HashMap<>();
            all.putAll(flags.of(input, now));
            all.putAll(state.of(input, now));
            return all;
        };
    }

    /** Mean ns per call of what a decision asks the extensions for (the flags snapshot, or the constant empty map). */
    private static double lookUp(PolicyExtension.Values values, PolicyInput input, int n) {
        long start = System.nanoTime();
        long sizes = 0;
        for (int i = 0; i < n; i++) {
            sizes += ((Map<?, ?>) values.of(input, Requests.NOW).get(FlagsExtension.VARIABLE)).size();
        }
        long elapsed = System.nanoTime() - start;
        if (sizes < 0) {
            throw new IllegalStateException("unreachable: keeps the loop from being optimised away");
        }
        return (double) elapsed / n;
    }

    /** Mean ns per decision over n decisions. */
    private static double evaluate(DispatchDecider decider, DispatchRequested request, PolicySet policy, PolicyExtension.Values values,
                                   int n) {
        long start = System.nanoTime();
        int permits = 0;
        for (int i = 0; i < n; i++) {
            if (decider.outcome(request, policy, Requests.NOW, values).decision().getEffect() == Effect.PERMIT) {
                permits++;
            }
        }
        long elapsed = System.nanoTime() - start;
        if (permits != n) {
            throw new IllegalStateException("expected every decision to permit, got " + permits + " of " + n);
        }
        return (double) elapsed / n;
    }

    /** Mean ns per request through the whole topology. */
    private static double throughTopology(boolean withFlags, int n) throws Exception {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        TopicSerdes serdes = new TopicSerdes(registry);
        Topics topics = ShippedShape.TOPICS; // one shape: "without flags" means no flag is set
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "flags-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("flags-bench").toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(ShippedShape.build(serdes,
                PolicySource.fixed(PolicyLoader.loadDefault())), props, Requests.NOW)) {
            if (withFlags) {
                TestInputTopic<byte[], byte[]> flagTopic = driver.createInputTopic(ShippedShape.TOPICS.flags(), new ByteArraySerializer(), new ByteArraySerializer());
                for (Map.Entry<String, Object> flag : flags().entrySet()) {
                    flagTopic.pipeInput(flag.getKey().getBytes(StandardCharsets.UTF_8),
                            serdes.value(Topics.FLAGS).serializer().serialize(ShippedShape.TOPICS.flags(), change(flag.getKey(), flag.getValue())));
                }
            }
            TestInputTopic<byte[], byte[]> requests = driver.createInputTopic(ShippedShape.TOPICS.dispatchRequests(), new ByteArraySerializer(), new ByteArraySerializer());
            byte[][] values = new byte[n][];
            for (int i = 0; i < n; i++) {
                values[i] = serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(ShippedShape.TOPICS.dispatchRequests(), Requests.reason("c-" + i));
            }
            byte[] key = "k".getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            for (byte[] value : values) {
                requests.pipeInput(key, value);
            }
            return (double) (System.nanoTime() - start) / n;
        }
    }

    private static FlagChange change(String name, Object value) {
        String id = UUID.randomUUID().toString();
        return FlagChange.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId(id).setCorrelationId(id).setCausationId(id).setTenant("*")
                        .setOccurredAt(Requests.NOW).setProducer("bench").build())
                .setName(name).setValue(value).setAuthor("bench").setChangedAt(Requests.NOW).build();
    }

    /**
     * Best round of each variant (the one least disturbed by other load on the machine), and the
     * median of the per-round ratios (each pair ran back to back, so it shares the machine's load).
     */
    private static void report(String what, double[][] rounds, int n) {
        double[] without = rounds[0].clone();
        double[] with = rounds[1].clone();
        double[] ratios = new double[without.length];
        for (int r = 0; r < ratios.length; r++) {
            ratios[r] = rounds[1][r] / rounds[0][r];
        }
        Arrays.sort(without);
        Arrays.sort(with);
        Arrays.sort(ratios);
        System.out.printf("%s, %d rounds of %,d: best without %.0f, with %.0f, ratio %.3f; median of per-round ratios %.3f"
                        + " (middle half %.3f-%.3f)%n", what, without.length, n, without[0], with[0], with[0] / without[0],
                ratios[ratios.length / 2], ratios[ratios.length / 4], ratios[ratios.length * 3 / 4]);
    }
}
