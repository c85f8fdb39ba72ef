package io.govstream.cli.ledger;

import io.govstream.cli.ClientConfigOption;
import io.govstream.cli.ExitCodes;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.KafkaLedgerReader;
import io.govstream.ledger.LedgerVerifier;
import io.govstream.ledger.Problem;
import io.govstream.ledger.VerificationReport;
import io.govstream.schemas.registry.RestSchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Catalogue;
import io.govstream.topology.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Replay the ledger from the first offset and recompute every partition's hash chain.",
                "Names the partition and offset of any modified, missing, reordered or injected entry."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:ledger intact", "1:error (cannot read the ledger)", "6:ledger failed verification"})
public final class LedgerVerifyCommand implements Callable<Integer> {
    @Mixin
    private ClientConfigOption config;
    @Option(names = "--topic", description = "Ledger topic (default: the catalogue's ledger topic).")
    private String topic;
    @Option(names = "--registry", paramLabel = "URL",
            description = "Schema registry URL (default: schema.registry.url from the client config).")
    private String registryUrl;
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> client = config.clientProperties();
        VerificationReport report = verify(client, topic, registryUrl, out);
        return report.isClean() ? ExitCodes.OK : ExitCodes.LEDGER_INVALID;
    }

    /** Verifies the ledger and prints progress and the outcome; shared with the demo. */
    public static VerificationReport verify(Map<String, Object> client, String topicOrNull, String registryOrNull, PrintWriter out) {
        String ledger = topicOrNull != null ? topicOrNull : new Topics(Catalogue.load()).ledger();
        Object registry = registryOrNull != null ? registryOrNull : client.get("schema.registry.url");
        if (registry == null) {
            throw new IllegalArgumentException("no schema registry URL: pass --registry URL or set schema.registry.url in the client config");
        }
        AvroSerde<LedgerEntry> serde = AvroSerde.forValue(LedgerEntry.class, new RestSchemaRegistryClient(registry.toString()), false);
        Map<String, Object> kafka = new java.util.HashMap<>(client);
        kafka.keySet().removeIf(k -> k.startsWith("schema.registry.") || k.equals("orbit.url") || k.equals("group.id"));
        out.println("verifying " + ledger + " from the first offset ...");
        out.flush();
        long started = System.nanoTime();
        Progress progress = new Progress(out, started);
        VerificationReport report = LedgerVerifier.verify(
                new KafkaLedgerReader(kafka, ledger, Duration.ofSeconds(30), progress::update),
                bytes -> serde.decode(ledger, bytes), progress::update);
        double seconds = (System.nanoTime() - started) / 1e9;
        report.byPartition().values().forEach(p -> out.printf("  partition %d: %d entries, head %s%n",
                p.partition(), p.entriesChecked(), p.headHashHex()));
        if (report.isClean()) {
            out.printf("ledger intact: %d entries in %d partitions verified in %.2f s%n",
                    report.entriesChecked(), report.byPartition().size(), seconds);
        } else {
            out.printf("LEDGER INVALID: %d problems in %d entries%n", report.problems().size(), report.entriesChecked());
            for (Problem problem : report.problems()) {
                out.printf("  partition %d, offset %d: %s: %s%n", problem.partition(), problem.offset(), problem.kind(),
                        problem.message());
            }
        }
        out.flush();
        return report;
    }

    /** Prints the running count at most once a second on long replays. */
    private static final class Progress {
        private final PrintWriter out;
        private final long started;
        private long lastPrint;

        Progress(PrintWriter out, long started) {
            this.out = out;
            this.started = started;
            this.lastPrint = started;
        }

        void update(long count) {
            long now = System.nanoTime();
            if (now - lastPrint >= 1_000_000_000L) {
                lastPrint = now;
                out.printf("  %,d entries read (%,.0f entries/s)%n", count, count / ((now - started) / 1e9));
                out.flush();
            }
        }
    }
}
