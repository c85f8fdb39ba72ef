package io.govstream.cli.ledger;

import io.govstream.cli.client.DurationConverter;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.cli.client.KeyDirOption;
import io.govstream.events.Effect;
import io.govstream.ledger.KafkaLedgerReader;
import io.govstream.ledger.export.ExportFilter;
import io.govstream.ledger.export.ExportFormat;
import io.govstream.ledger.export.ExportRow;
import io.govstream.ledger.export.LedgerExport;
import io.govstream.ledger.export.TimeArg;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export ledger entries, filtered by time, tenant, target service, subject, effect or correlation id,",
                "as JSON lines, CSV or an Avro container file. Every export first states the period it covers and",
                "the ledger positions (partition, offsets) it read."},
        exitCodeList = {"0:exported (possibly zero entries)", "1:error (bad argument, cannot read the ledger)"})
public final class LedgerExportCommand extends GovctlCommand {
    @Mixin
    private LedgerOptions ledger;
    @Mixin
    private KeyDirOption keyDir;
    @Option(names = "--since", paramLabel = "TIME", description = "From (inclusive): ISO-8601 instant or date, or relative like 24h, 7d.")
    private String since;
    @Option(names = "--until", paramLabel = "TIME", description = "To (exclusive), same forms as --since (default: now).")
    private String until;
    @Option(names = "--tenant", description = "Only this tenant.")
    private String tenant;
    @Option(names = {"--service", "--target"}, paramLabel = "SERVICE", description = "Only decisions about this target service.")
    private String target;
    @Option(names = "--subject", description = "Only decisions on behalf of this subject.")
    private String subject;
    @Option(names = "--effect", description = "Only decisions with this effect: PERMIT, DENY, ESCALATE, PENDING.")
    private String effect;
    @Option(names = "--correlation-id", paramLabel = "ID", description = "Only entries of this correlation id.")
    private String correlationId;
    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl (default), csv or avro.")
    private String format;
    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    private Path outFile;
    @Option(names = "--max-clock-skew", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = {"With --since, each partition is read from the first entry that may be in the period, found by the",
                    "entries' append times; those come from the writers' clocks, which may go back this much (another",
                    "instance's clock after a failover). Larger reads more; the header's positions say what was read.",
                    "Default: ${DEFAULT-VALUE}."})
    private Duration maxClockSkew;

    @Override
    public Integer call() {
        Instant now = Instant.now();
        ExportFilter filter = filter(now);
        ExportFormat exportFormat = ExportFormat.parse(format);
        LedgerCli cli = ledger.cli();
        KafkaLedgerReader reader = cli.ledgerReader();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter notes = spec.commandLine().getErr();
        ExportRow.Reveal reveal = cli.reveal(keyDir.kek(ledger.config().dataDir(), notes::println), notes::println);
        LedgerExport.Result result;
        if (outFile == null) {
            // Binary goes straight to the process's stdout; picocli's writer is for text.
            result = LedgerExport.run(reader, cli.ledgerTopic, cli::entry, reveal, filter,
                    h -> exportFormat.binary() ? exportFormat.open(System.out, h) : exportFormat.openText(out, h), now, maxClockSkew);
            System.out.flush();
            notes.println(message(result, "standard output"));
        } else {
            try (OutputStream file = Files.newOutputStream(outFile)) {
                result = LedgerExport.run(reader, cli.ledgerTopic, cli::entry, reveal, filter, h -> exportFormat.open(file, h), now, maxClockSkew);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + outFile, e);
            }
            out.println(message(result, outFile.toString()));
        }
        return ExitCodes.OK;
    }

    private ExportFilter filter(Instant now) {
        Effect wanted = null;
        if (effect != null) {
            try {
                wanted = Effect.valueOf(effect.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown effect '" + effect + "': use PERMIT, DENY, ESCALATE or PENDING", e);
            }
        }
        return new ExportFilter(since == null ? null : TimeArg.parse(since, now), until == null ? null : TimeArg.parse(until, now),
                tenant, target, subject, wanted, correlationId);
    }

    static String message(LedgerExport.Result result, String where) {
        return String.format("exported %d of %d entries read to %s; %s", result.exported(), result.read(), where,
                result.header().summary());
    }
}
