package io.govstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * The figures of one bench run, as a markdown table and as JSON, with the machine they were measured on.
 *
 * @param throughput each app's median over its rounds, in the order of {@code rounds}
 * @param rounds     each app's throughput runs, one per round, in the order they ran
 * @param work       what each app does, by app name
 */
public record BenchReport(BenchOptions options, RecordSizes sizes, List<Throughput> throughput, List<List<Throughput>> rounds,
                          Map<String, List<String>> work, List<Latency> latency, int offeredPerSecond, Instant finishedAt) {

    /**
     * Maximum sustained decisions/s of one app, and the CPU time the whole process (broker, app and
     * the decision reader: they share one JVM) spent per decision meanwhile. CPU per decision barely
     * moves when other programs load the machine; decisions/s does.
     */
    public record Throughput(String app, long decisions, double seconds, double decisionsPerSecond, double cpuMicrosPerDecision) {

        /** The median of one app's rounds, per figure (for an even count, the mean of the middle two). */
        public static Throughput median(List<Throughput> rounds) {
            Throughput any = rounds.get(0);
            return new Throughput(any.app, any.decisions, median(rounds, Throughput::seconds), median(rounds, Throughput::decisionsPerSecond),
                    median(rounds, Throughput::cpuMicrosPerDecision));
        }

        private static double median(List<Throughput> rounds, java.util.function.ToDoubleFunction<Throughput> figure) {
            double[] sorted = rounds.stream().mapToDouble(figure).sorted().toArray();
            return (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2;
        }
    }

    /** Request produced → decision readable (read_committed), at a fixed offered load. */
    public record Latency(String app, int commitIntervalMs, int offeredPerSecond, long measured, double p50Ms, double p95Ms,
                          double p99Ms, double maxMs, boolean complete) {
    }

    public double platformToBaseline() {
        return throughput.get(1).decisionsPerSecond() / throughput.get(0).decisionsPerSecond();
    }

    /** Decisions/s with Merkle checkpoints relative to without them. */
    public double checkpointCost() {
        return throughput.get(1).decisionsPerSecond() / throughput.get(2).decisionsPerSecond();
    }

    public static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("kafka", AppInfoParser.getVersion());
        machine.put("loadAverageAtEnd", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return machine;
    }

    public String markdown(String commandLine) {
        StringBuilder md = new StringBuilder();
        md.append("Command: `").append(commandLine).append("`  \n");
        md.append("Finished: ").append(finishedAt).append("  \n");
        md.append("Machine: ").append(machine()).append("  \n");
        md.append(String.format("Requests per throughput run: %,d; %d partitions; exactly_once_v2; record sizes: decision %d B, "
                + "command %d B, ledger entry %d B; throughput rounds: %d (median per app; baseline first, platform variants alternating after it).%n%n",
                options.requests(), options.partitions(), sizes.decision(), sizes.command(), sizes.ledger(), options.rounds()));
        md.append("| app | decisions/s (median) | ratio to baseline | process CPU µs per decision (median) | CPU ratio to baseline "
                + "| decisions/s min–max | CPU µs min–max |\n|---|---|---|---|---|---|---|\n");
        for (int app = 0; app < throughput.size(); app++) {
            Throughput t = throughput.get(app);
            DoubleSummaryStatistics rate = rounds.get(app).stream().mapToDouble(Throughput::decisionsPerSecond).summaryStatistics();
            DoubleSummaryStatistics cpu = rounds.get(app).stream().mapToDouble(Throughput::cpuMicrosPerDecision).summaryStatistics();
            md.append(String.format("| %s | %,.0f | %.2f | %.1f | %.2f | %,.0f–%,.0f | %.1f–%.1f |%n", t.app(), t.decisionsPerSecond(),
                    t.decisionsPerSecond() / throughput.get(0).decisionsPerSecond(), t.cpuMicrosPerDecision(),
                    t.cpuMicrosPerDecision() / throughput.get(0).cpuMicrosPerDecision(),
                    rate.getMin(), rate.getMax(), cpu.getMin(), cpu.getMax()));
        }
        appendRounds(md);
        md.append(String.format("%nPlatform / baseline: **%.2f**. Checkpoints on / off: **%.2f** (CPU per decision on / off: **%.2f**).%n%n",
                platformToBaseline(), checkpointCost(), throughput.get(1).cpuMicrosPerDecision() / throughput.get(2).cpuMicrosPerDecision()));
        appendWork(md);
        if (latency.isEmpty()) {
            md.append("Latency runs skipped (--no-latency).\n");
        } else {
            appendLatency(md);
        }
        if (options.isQuick()) {
            md.append("\n_Quick mode: a smoke run of the harness; these figures mean nothing._\n");
        }
        return md.toString();
    }

    /** Per round, each app's decisions/s and CPU per decision, and the platform's ratios to that round's baseline. */
    private void appendRounds(StringBuilder md) {
        md.append("\nPer round (warm-up round not shown):\n\n| round |");
        throughput.forEach(t -> md.append(' ').append(t.app()).append(" /s (CPU µs) |"));
        md.append(" platform / baseline |\n|---|");
        throughput.forEach(t -> md.append("---|"));
        md.append("---|\n");
        for (int round = 0; round < options.rounds(); round++) {
            md.append("| ").append(round + 1).append(" |");
            for (List<Throughput> app : rounds) {
                Throughput t = app.get(round);
                md.append(String.format(" %,.0f (%.1f) |", t.decisionsPerSecond(), t.cpuMicrosPerDecision()));
            }
            md.append(String.format(" %.2f |%n", rounds.get(1).get(round).decisionsPerSecond() / rounds.get(0).get(round).decisionsPerSecond()));
        }
    }

    private void appendWork(StringBuilder md) {
        md.append("What each app does:\n\n");
        work.forEach((app, items) -> md.append("- ").append(app).append(": ").append(String.join("; ", items)).append(".\n"));
        md.append('\n');
    }

    private void appendLatency(StringBuilder md) {
        md.append(String.format("Latency at a fixed offered load of %,d requests/s (half the platform's maximum), request "
                + "produced → decision readable with read_committed:%n%n", offeredPerSecond));
        md.append("| app | commit.interval.ms | p50 ms | p95 ms | p99 ms | max ms | decisions measured |\n|---|---|---|---|---|---|---|\n");
        for (Latency l : latency) {
            md.append(String.format("| %s | %d | %.1f | %.1f | %.1f | %.1f | %,d%s |%n", l.app(), l.commitIntervalMs(), l.p50Ms(),
                    l.p95Ms(), l.p99Ms(), l.maxMs(), l.measured(), l.complete() ? "" : " (incomplete)"));
        }
    }

    public String json(String commandLine) throws com.fasterxml.jackson.core.JsonProcessingException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("commandLine", commandLine);
        root.put("finishedAt", finishedAt.toString());
        root.put("machine", machine());
        root.put("quick", options.isQuick());
        root.put("requests", options.requests());
        root.put("partitions", options.partitions());
        root.put("rounds", options.rounds());
        root.put("recordSizes", Map.of("decision", sizes.decision(), "command", sizes.command(), "ledger", sizes.ledger()));
        root.put("throughput", throughput);
        root.put("throughputRounds", rounds);
        root.put("work", work);
        root.put("platformToBaseline", platformToBaseline());
        root.put("checkpointsOnToOff", checkpointCost());
        root.put("offeredPerSecond", offeredPerSecond);
        root.put("latency", latency);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    }
}
