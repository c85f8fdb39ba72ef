package io.govstream.cli.audit;

import io.govstream.cli.client.DurationConverter;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.cli.ledger.LedgerCli;
import io.govstream.cli.ledger.LedgerOptions;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.KafkaLedgerReader;
import io.govstream.ledger.audit.LedgerAudit;
import io.govstream.ledger.checkpoint.CheckpointRecord;
import io.govstream.ledger.checkpoint.CheckpointVerifier;
import io.govstream.ledger.export.ExportFilter;
import io.govstream.ledger.export.ExportRow;
import io.govstream.ledger.export.TimeArg;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write one self-contained HTML page (no network needed) with charts of the period's decisions per hour",
                "by effect, top denial reasons, escalations and deployments, and the ledger's integrity status (verified",
                "range, last checkpoints, signer key)."},
        exitCodeList = {"0:report written, ledger verified", "1:error", "6:report written, but the ledger did not verify"})
public final class AuditReportCommand extends GovctlCommand {
    @Mixin
    private LedgerOptions ledger;
    @Option(names = "--since", paramLabel = "TIME", description = "From (inclusive): ISO-8601 instant or date, or relative like 24h, 7d.")
    private String since;
    @Option(names = "--until", paramLabel = "TIME", description = "To (exclusive), same forms (default: now).")
    private String until;
    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The HTML file to write, e.g. report.html.")
    private Path out;
    @Option(names = "--key", paramLabel = "PUBKEY", description = "Public keyset checkpoints must be signed with (default: the data dir's).")
    private Path key;
    @Option(names = "--max-clock-skew", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = {"With --since, the period's entries are read from the first entry that may be in it, found by the",
                    "entries' append times; those come from the writers' clocks, which may go back this much. Larger reads",
                    "more. (The integrity check reads the whole ledger regardless.) Default: ${DEFAULT-VALUE}."})
    private Duration maxClockSkew;

    @Override
    public Integer call() {
        Instant now = Instant.now();
        Instant from = since == null ? null : TimeArg.parse(since, now);
        Instant to = until == null ? now : TimeArg.parse(until, now);
        ExportFilter period = new ExportFilter(from, to, null, null, null, null, null);
        LedgerCli cli = ledger.cli();
        CheckpointVerifier keys = LedgerCli.publicKey(key, ledger.config().dataDir());

        KafkaLedgerReader reader = cli.ledgerReader();
        List<ExportRow> rows = new ArrayList<>();
        java.util.Map<Integer, Long> start = from == null ? java.util.Map.of()
                : reader.offsetsAppendedFrom(from, maxClockSkew, b -> cli.entry(b).getEnvelope().getOccurredAt().toEpochMilli());
        reader.replay(null, start, r -> {
            ExportRow row = ExportRow.of(cli.entry(r.value()), r.offset());
            if (period.matches(row)) {
                rows.add(row);
            }
        });
        List<CheckpointRecord> checkpoints = keys == null ? List.of() : cli.readCheckpoints();
        LedgerAudit.Result audit = LedgerAudit.run(cli.ledgerTopic, cli.ledgerStore(), cli.checkpointsTopic, checkpoints, keys, cli::entry, false, n -> { });
        List<ReportModel.Checkpoint> last = new ArrayList<>();
        TreeSet<String> signers = new TreeSet<>();
        for (int p : audit.report().partitions().keySet()) {
            audit.latestVerified(p).ifPresent(c -> {
                last.add(new ReportModel.Checkpoint(p, c.getTreeSize(), c.getIssuedAt(), c.getKeyId(),
                        HexFormat.of().formatHex(Bytes.of(c.getRootHash()))));
                signers.add(c.getKeyId());
            });
        }
        ReportModel.Integrity integrity = new ReportModel.Integrity(audit.report().isClean(), audit.report().entriesChecked(),
                audit.report().partitions().size(), audit.report().problems().stream().map(Object::toString).toList(), last,
                new ArrayList<>(signers), keys != null);
        write(out, ReportHtml.render(new ReportModel(from, to, now, cli.ledgerTopic, rows, integrity)));
        spec.commandLine().getOut().printf("audit report of %d entries (%s) written to %s; ledger %s%n", rows.size(),
                (from == null ? "from the beginning" : "from " + from) + " until " + to, out,
                integrity.verified() ? "verified (" + integrity.entriesVerified() + " entries)" : "DID NOT VERIFY");
        return integrity.verified() ? ExitCodes.OK : ExitCodes.LEDGER_INVALID;
    }
}
