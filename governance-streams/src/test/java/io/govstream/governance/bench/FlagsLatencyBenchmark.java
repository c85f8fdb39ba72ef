package io.govstream.governance.bench;

import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.FlagChange;
import io.govstream.governance.GovernanceSerdes;
import io.govstream.governance.GovernanceTopics;
import io.govstream.governance.GovernanceTopology;
import io.govstream.governance.Requests;
import io.govstream.governance.dispatch.DispatchDecider;
import io.govstream.governance.flags.StreamFlagProvider;
import io.govstream.governance.policy.FlagsExtension;
import io.govstream.governance.policy.PolicyExtension;
import io.govstream.governance.policy.PolicyLoader;
import io.govstream.governance.policy.PolicySet;
import io.govstream.governance.policy.PolicySource;
import io.govstream.governance.policy.PolicyState;
import io.govstream.governance.policy.StateExtension;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Not a test (no Test suffix, so neither surefire nor failsafe runs it): what feature flags cost a
 * decision, with and without the flags provider, in the same JVM, rounds interleaved.
 *
 * <ol>
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
 *     io.govstream.governance.bench.FlagsLatencyBenchmark 200000 20000 5
 * </pre>
 */
public final class FlagsLatencyBenchmark {
    private static final int FLAGS = 20;

    public static void main(String[] args) throws Exception {
        int evaluations = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int topologyRequests = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        PolicySet policy = PolicyLoader.loadDefault();
        DispatchDecider decider = new DispatchDecider();
        DispatchRequested request = Requests.reason("bench");
        StreamFlagProvider provider = new StreamFlagProvider();
        provider.load(flags());
        Map<String, Object> empty = Map.of(FlagsExtension.VARIABLE, Map.of(), StateExtension.VARIABLE, PolicyState.NONE);
        PolicyExtension.Values without = (input, now) -> empty;
        PolicyExtension.Values with = (input, now) -> Map.of(FlagsExtension.VARIABLE, provider.celValues(),
                StateExtension.VARIABLE, PolicyState.NONE);

        double[][] evaluation = new double[2][rounds];
        double[][] topology = new double[2][rounds];
        evaluate(decider, request, policy, without, evaluations); // warm-up
        evaluate(decider, request, policy, with, evaluations);
        for (int r = 0; r < rounds; r++) {
            evaluation[0][r] = evaluate(decider, request, policy, without, evaluations);
            evaluation[1][r] = evaluate(decider, request, policy, with, evaluations);
            topology[0][r] = throughTopology(false, topologyRequests);
            topology[1][r] = throughTopology(true, topologyRequests);
            System.out.printf("round %d: evaluation %.0f / %.0f ns, topology %.1f / %.1f µs (without / with flags)%n", r + 1,
                    evaluation[0][r], evaluation[1][r], topology[0][r] / 1000, topology[1][r] / 1000);
        }
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
        GovernanceSerdes serdes = GovernanceSerdes.avro(registry);
        GovernanceTopics topics = new GovernanceTopics("requests", "decisions", "axon-commands", "ledger", "dead-letters", "policies");
        if (withFlags) {
            topics = topics.withFlags("flags");
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "flags-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("flags-bench").toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(GovernanceTopology.build(topics, serdes,
                PolicySource.fixed(PolicyLoader.loadDefault())), props, Requests.NOW)) {
            if (withFlags) {
                TestInputTopic<byte[], byte[]> flagTopic = driver.createInputTopic("flags", new ByteArraySerializer(), new ByteArraySerializer());
                for (Map.Entry<String, Object> flag : flags().entrySet()) {
                    flagTopic.pipeInput(flag.getKey().getBytes(StandardCharsets.UTF_8),
                            serdes.flags().serializer().serialize("flags", change(flag.getKey(), flag.getValue())));
                }
            }
            TestInputTopic<byte[], byte[]> requests = driver.createInputTopic("requests", new ByteArraySerializer(), new ByteArraySerializer());
            byte[][] values = new byte[n][];
            for (int i = 0; i < n; i++) {
                values[i] = serdes.requests().serializer().serialize("requests", Requests.reason("c-" + i));
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

    private static void report(String what, double[][] rounds, int n) {
        double without = median(rounds[0]);
        double with = median(rounds[1]);
        System.out.printf("%s (median of %d rounds of %,d): without flags %.0f, with flags %.0f, ratio with/without %.3f%n",
                what, rounds[0].length, n, without, with, with / without);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
