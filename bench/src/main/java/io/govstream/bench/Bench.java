package io.govstream.bench;

import io.govstream.broker.BrokerSettings;
import io.govstream.broker.EmbeddedKafka;
import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import io.govstream.governance.app.ShippedTopology;
import io.govstream.runtime.tracing.Tracing;
import io.govstream.schemas.registry.SchemaRegistryClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.events.DispatchRequested;
import io.govstream.schemas.serde.AvroSerde;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/**
 * {@code govctl bench}: on the embedded broker, the platform's governance topology beside a
 * baseline with the same I/O shape and no governance logic, in the same run: maximum
 * decisions/s, then decision latency at a fixed load of half the platform's maximum, at
 * several commit intervals. Only ratios taken in one run mean anything on a shared machine.
 */
public final class Bench {
    private final BenchOptions options;
    private final PrintWriter out;
    private final EmbeddedKafka kafka;
    private final InMemorySchemaRegistryClient registry;
    private final TopicSerdes serdes;
    private final Requests requests;
    private final RecordSizes sizes;
    private final ShippedTopology.Keys keys;
    /** What the shipped platform does, from the build the record sizes are measured on. */
    private final List<String> platformWork;
    private int runs;

    private Bench(BenchOptions options, PrintWriter out) throws Exception {
        this.options = options;
        this.out = out;
        this.kafka = EmbeddedKafka.start(BrokerSettings.ephemeral(options.workDir().resolve("broker")));
        this.registry = new InMemorySchemaRegistryClient();
        this.serdes = new TopicSerdes(registry);
        this.keys = ShippedTopology.Keys.createIn(options.workDir().resolve("keys"));
        this.requests = new Requests(AvroSerde.forValue(DispatchRequested.class, registry), "bench.requests");
        // Measured on the platform app itself (signed commands, encrypted personal fields), on topics of the broker: the
        // ledger appender recovers its head from there.
        try {
            Topics sizing = createTopics();
            ShippedTopology.Built shipped = platform(sizing, true);
            this.sizes = RecordSizes.measure(sizing, shipped.topology(), requests);
            this.platformWork = shipped.work();
        } catch (Exception | Error e) {
            kafka.close();
            throw e;
        }
    }

    /** An app under test: a name, its topology over a run's topics, what it does, in words, and how many instances run it. */
    record App(String name, Function<Topics, Topology> topology, List<String> work, int instances) {
    }

    /** What the baseline does per request (BaselineTopology). */
    static final List<String> BASELINE_WORK = List.of("read the request's bytes (no decode)",
            "one store update (RocksDB, record cache, changelog) with a SHA-256 over the previous value and the request",
            "write a decision, a command for every second request and a ledger entry of the platform's record sizes (no encode)");

    public static BenchReport run(BenchOptions options, PrintWriter out) throws Exception {
        Bench bench = new Bench(options, out);
        try {
            return bench.runAll();
        } finally {
            bench.kafka.close();
        }
    }

    private BenchReport runAll() throws Exception {
        App baseline = new App("baseline (same I/O, no governance)", t -> BaselineTopology.build(t, sizes), BASELINE_WORK, 1);
        App platform = new App("platform (as shipped: signed commands, encrypted personal data, signed checkpoints)",
                t -> platform(t, true).topology(), platformWork, 1);
        App noCheckpoints = new App("platform as shipped without Merkle checkpoints", t -> platform(t, false).topology(),
                platform(Topics.prefixed("work."), false).work(), 1);
        out.printf("record sizes (bytes): decision %d, command %d, ledger entry %d%n", sizes.decision(), sizes.command(), sizes.ledger());

        List<App> apps = new ArrayList<>(List.of(baseline, platform, noCheckpoints));
        if (options.instances() > 1) {
            apps.add(new App("platform as shipped, " + options.instances() + " instances in one group (one stream thread each)",
                    platform.topology(), platformWork, options.instances()));
        }
        if (!options.isQuick()) {
            // Unmeasured: JIT-compiles the governance code and the Streams, client and broker paths, which would
            // otherwise slow whichever app runs first (the first platform run was half as fast as the next).
            out.println("warm-up round (not measured):");
            for (App app : apps) {
                throughput(app);
            }
        }
        List<List<BenchReport.Throughput>> rounds = new ArrayList<>();
        apps.forEach(app -> rounds.add(new ArrayList<>()));
        for (int round = 0; round < options.rounds(); round++) {
            if (options.rounds() > 1) {
                out.printf("round %d of %d%n", round + 1, options.rounds());
            }
            // The run right after the baseline pays more CPU per decision than the same app elsewhere (docs/benchmarks.md):
            // the baseline leads every round and the two platform variants take turns right after it.
            int[] order = round % 2 == 0 ? new int[] {0, 1, 2} : new int[] {0, 2, 1};
            for (int app : order) {
                rounds.get(app).add(throughput(apps.get(app)));
            }
            for (int app = 3; app < apps.size(); app++) {
                rounds.get(app).add(throughput(apps.get(app)));
            }
        }
        List<BenchReport.Throughput> throughput = rounds.stream().map(BenchReport.Throughput::median).toList();
        double platformMax = throughput.get(1).decisionsPerSecond();
        int offered = (int) Math.max(100, platformMax / 2);
        List<BenchReport.Latency> latency = new ArrayList<>();
        for (int interval : options.latencyRuns() ? options.commitIntervals() : List.<Integer>of()) {
            for (App app : List.of(baseline, platform)) {
                latency.add(latency(app, interval, offered));
            }
        }
        Map<String, List<String>> work = new java.util.LinkedHashMap<>();
        apps.forEach(app -> work.put(app.name(), app.work()));
        return new BenchReport(options, sizes, throughput, rounds, work, latency, offered, Instant.now());
    }

    private ShippedTopology.Built platform(Topics topics, boolean checkpoints) {
        return platform(topics, registry, kafka.adminClientProperties(), keys, checkpoints);
    }

    /**
     * The platform app: the topology governance-streams runs, built by the same code with the same
     * settings ({@link ShippedTopology.Settings#DEFAULTS}), real keys and a real metrics registry;
     * without checkpoints, the same with no checkpoint signing key.
     */
    static ShippedTopology.Built platform(Topics topics, SchemaRegistryClient registry, Map<String, ?> client, ShippedTopology.Keys keys,
                                          boolean checkpoints) {
        return ShippedTopology.build(new ShippedTopology.Inputs(topics, registry, client,
                new SimpleMeterRegistry(), checkpoints ? keys : keys.withoutCheckpoints(), ShippedTopology.Settings.DEFAULTS, Tracing.off()));
    }

    private BenchReport.Throughput throughput(App app) throws Exception {
        // The previous app's garbage would otherwise be collected during this run and counted against it
        // (the run right after the baseline cost up to 1.4× the CPU per decision of the same app elsewhere).
        System.gc();
        Topics topics = createTopics();
        out.printf("throughput: %s: preloading %,d requests ...%n", app.name(), options.requests());
        out.flush();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (long n = 0; n < options.requests(); n++) {
                String id = Requests.id();
                producer.send(new ProducerRecord<>(topics.dispatchRequests(), id, requests.encode(id, n, Instant.now())), this::failOnError);
            }
        }
        failIfSendFailed();
        List<StreamsRun> instances = new ArrayList<>();
        try (OutputCounter decisions = new OutputCounter(kafka.adminClientProperties(), topics.decisions())) {
            String applicationId = "bench-" + runs;
            for (int instance = 0; instance < app.instances(); instance++) {
                instances.add(new StreamsRun(app.topology().apply(topics), kafka.adminClientProperties(), applicationId,
                        Files.createDirectories(stateDir().resolve("instance-" + instance)), 100, topics.deadLetters(), serdes.value(Topics.DEAD_LETTERS)));
            }
            long started = System.nanoTime();
            long cpuAtStart = processCpuNanos();
            // All at once, so the group's first assignment spreads the tasks over every instance.
            instances.forEach(StreamsRun::startWithoutWaiting);
            for (StreamsRun instance : instances) {
                instance.awaitRunning();
            }
            long lastCount = -1;
            long lastProgress = System.nanoTime();
            long cpuAtFirst = -1;
            long countAtFirst = 0;
            while (decisions.count.get() < options.requests()) {
                long count = decisions.count.get();
                if (cpuAtFirst < 0 && count > 0) {
                    cpuAtFirst = processCpuNanos();
                    countAtFirst = count;
                }
                if (count != lastCount) {
                    lastCount = count;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > Duration.ofSeconds(60).toNanos()) {
                    throw new IllegalStateException(app.name() + ": stuck at " + count + " of " + options.requests()
                            + " decisions for 60 s");
                }
                Thread.sleep(20);
            }
            if (cpuAtFirst < 0) { // all decided between two looks (a tiny run): count from the app's start instead
                cpuAtFirst = cpuAtStart;
                countAtFirst = 0;
            }
            double cpuMicros = (processCpuNanos() - cpuAtFirst) / 1e3 / Math.max(1, options.requests() - countAtFirst);
            double seconds = (decisions.lastAtNanos - decisions.firstAtNanos) / 1e9;
            double perSecond = options.requests() / Math.max(seconds, 1e-3);
            out.printf("  %,.0f decisions/s (%,d decisions, %.2f s from the first to the last; %.1f s after start), %.1f µs CPU per"
                    + " decision%n", perSecond, options.requests(), seconds, (decisions.lastAtNanos - started) / 1e9, cpuMicros);
            out.flush();
            return new BenchReport.Throughput(app.name(), options.requests(), seconds, perSecond, cpuMicros);
        } finally {
            instances.forEach(StreamsRun::close);
        }
    }

    private BenchReport.Latency latency(App app, int commitIntervalMs, int offeredPerSecond) throws Exception {
        Topics topics = createTopics();
        out.printf("latency: %s, commit.interval.ms=%d, %,d requests/s for %d s ...%n", app.name(), commitIntervalMs,
                offeredPerSecond, options.latencyDuration().toSeconds());
        out.flush();
        try (OutputCounter decisions = new OutputCounter(kafka.adminClientProperties(), topics.decisions());
             StreamsRun ignored = new StreamsRun(app.topology().apply(topics), kafka.adminClientProperties(), "bench-" + runs,
                     stateDir(), commitIntervalMs, topics.deadLetters(), serdes.value(Topics.DEAD_LETTERS)).start();
             KafkaProducer<String, byte[]> producer = producer()) {
            Duration warmUp = Duration.ofSeconds(options.isQuick() ? 1 : 3);
            long sent = offer(producer, topics, offeredPerSecond, warmUp, 0);
            decisions.measureFrom(System.currentTimeMillis());
            sent = offer(producer, topics, offeredPerSecond, options.latencyDuration(), sent);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (decisions.count.get() < sent && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Histogram h = decisions.latencies();
            BenchReport.Latency result = new BenchReport.Latency(app.name(), commitIntervalMs, offeredPerSecond, h.getTotalCount(),
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(95) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                    h.getMaxValue() / 1000.0, decisions.count.get() >= sent);
            out.printf("  p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (%,d decisions measured)%n", result.p50Ms(),
                    result.p95Ms(), result.p99Ms(), result.maxMs(), result.measured());
            out.flush();
            return result;
        }
    }

    /** Offers {@code perSecond} requests for {@code duration} in 10 ms ticks; returns the total sent so far. */
    private long offer(KafkaProducer<String, byte[]> producer, Topics topics, int perSecond, Duration duration, long sentBefore)
            throws InterruptedException {
        long start = System.nanoTime();
        long sent = sentBefore;
        long ticks = duration.toMillis() / 10;
        for (long tick = 1; tick <= ticks; tick++) {
            long due = sentBefore + perSecond * tick / 100;
            for (; sent < due; sent++) {
                String id = Requests.id();
                producer.send(new ProducerRecord<>(topics.dispatchRequests(), id, requests.encode(id, sent, Instant.now())), this::failOnError);
            }
            long wait = start + tick * 10_000_000L - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        producer.flush();
        failIfSendFailed();
        return sent;
    }

    /** CPU time of this whole process: the broker, the app under test and the decision reader all run in it. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private volatile Exception sendFailure;

    private void failOnError(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception e) {
        if (e != null && sendFailure == null) {
            sendFailure = e;
        }
    }

    private void failIfSendFailed() {
        if (sendFailure != null) {
            throw new IllegalStateException("a benchmark request could not be produced: " + sendFailure, sendFailure);
        }
    }

    /**
     * Fresh topics per run, so runs never read each other's records: every topic of the shipped catalogue (the governance
     * topology reads all its inputs, as in production), each name prefixed with "bench-N."; the run's app is "bench-N".
     */
    private Topics createTopics() throws InterruptedException, ExecutionException {
        Topics topics = Topics.prefixed("bench-" + (++runs) + ".");
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            admin.createTopics(topics.all().stream().map(name -> new NewTopic(name,
                    name.equals(topics.deadLetters()) || name.equals(topics.ledgerCheckpoints()) ? 1 : options.partitions(), (short) 1))
                    .toList()).all().get();
            // Producing before every partition has its leader fails with NotLeaderOrFollower and out-of-order
            // sequences. The controller names a leader before the broker serves it, so also list offsets (which
            // goes to the leader itself); under load either may still answer "unknown partition": ask again.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!served(admin, topics)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("benchmark topics are not served after 30 s");
                }
                Thread.sleep(100);
            }
        }
        return topics;
    }

    private static boolean served(Admin admin, Topics topics) throws InterruptedException, ExecutionException {
        try {
            Map<String, org.apache.kafka.clients.admin.TopicDescription> described = admin.describeTopics(topics.all()).allTopicNames().get();
            if (!described.values().stream().allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()))) {
                return false;
            }
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> probe = new HashMap<>();
            described.values().forEach(d -> d.partitions().forEach(p ->
                    probe.put(new org.apache.kafka.common.TopicPartition(d.name(), p.partition()),
                            org.apache.kafka.clients.admin.OffsetSpec.latest())));
            admin.listOffsets(probe).all().get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> props = new HashMap<>(kafka.adminClientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private Path stateDir() throws java.io.IOException {
        return Files.createDirectories(options.workDir().resolve("state-" + runs));
    }
}
