package io.govstream.cli.bench;

import io.govstream.bench.Bench;
import io.govstream.bench.BenchOptions;
import io.govstream.bench.BenchReport;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the platform against the raw Kafka limit on an embedded broker, in one run: maximum "
                + "decisions/s of the governance topology and of a baseline with the same I/O and no governance logic, "
                + "then decision latency at half the platform's maximum load for each commit interval.",
                "Prints a markdown table; --out and --json write it to files. Takes about 5 minutes (--quick: under one).",
                "Every app first runs once unmeasured (JIT warm-up); each throughput row also gives the process's CPU time per "
                        + "decision, which other load on the machine disturbs far less than decisions/s."},
        exitCodeList = {"0:report printed (and written)", "1:error (broker, topics or an app under test failed)", "2:usage error"})
public final class BenchCommand extends GovctlCommand {
    @Option(names = "--quick", description = "A smoke run that checks the harness works; its figures mean nothing.")
    private boolean quick;
    @Option(names = "--requests", paramLabel = "N", description = "Requests per throughput run (default: 100000, quick: 2000).")
    private Integer requests;
    @Option(names = "--duration", paramLabel = "SECONDS", description = "Offered-load time per latency run (default: 20, quick: 3).")
    private Integer duration;
    @Option(names = "--commit-intervals", split = ",", paramLabel = "MS",
            description = "commit.interval.ms of the latency runs (default: 100,20,5; quick: 100).")
    private List<Integer> commitIntervals;
    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
            description = "Throughput rounds, each app once per round, the two platform variants taking turns right after the "
                    + "baseline (use an even number to compare them); the median counts (default: ${DEFAULT-VALUE}).")
    private int rounds;
    @Option(names = "--instances", paramLabel = "N", defaultValue = "1",
            description = "Also measure the shipped platform as N Kafka Streams instances in one group, one stream thread each, "
                    + "in this process, last in every round (default: ${DEFAULT-VALUE}: not measured; at most the partition count).")
    private int instances;
    @Option(names = "--no-latency", description = "Measure maximum throughput only; skip the fixed-load latency runs.")
    private boolean noLatency;
    @Option(names = "--out", paramLabel = "FILE", description = "Also write the markdown report here.")
    private Path out;
    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON here.")
    private Path json;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("govctl-bench-");
        try {
            BenchOptions defaults = quick ? BenchOptions.quick(work) : BenchOptions.full(work);
            BenchOptions options = new BenchOptions(requests != null ? requests : defaults.requests(),
                    duration != null ? Duration.ofSeconds(duration) : defaults.latencyDuration(),
                    commitIntervals != null ? commitIntervals : defaults.commitIntervals(), defaults.partitions(), work,
                    rounds, !noLatency, instances);
            BenchReport report = Bench.run(options, console);
            String commandLine = "govctl " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
            String markdown = report.markdown(commandLine);
            console.println();
            console.println(markdown);
            if (out != null) {
                Files.writeString(out, markdown);
                console.println("markdown written to " + out);
            }
            if (json != null) {
                Files.writeString(json, report.json(commandLine));
                console.println("JSON written to " + json);
            }
            return ExitCodes.OK;
        } finally {
            Utils.delete(work.toFile());
        }
    }
}
