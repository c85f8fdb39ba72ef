package io.govstream.cli.audit;

import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.cli.ledger.LedgerCli;
import io.govstream.cli.ledger.LedgerOptions;
import io.govstream.cli.policy.PolicyHistory;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.events.PolicySetPublished;
import io.govstream.ledger.KafkaLedgerReader;
import io.govstream.ledger.KafkaLedgerReader.OffsetRange;
import io.govstream.ledger.audit.LedgerAudit;
import io.govstream.ledger.checkpoint.CheckpointRecord;
import io.govstream.ledger.checkpoint.CheckpointVerifier;
import io.govstream.ledger.export.ExportFilter;
import io.govstream.ledger.export.ExportRow;
import io.govstream.ledger.export.TimeArg;
import io.govstream.ledger.pack.EvidencePack;
import io.govstream.ledger.proof.LedgerProver;
import io.govstream.schemas.registry.SchemaRegistryException;
import io.govstream.schemas.serde.WireFormat;
import io.govstream.topology.TopicSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "pack", mixinStandardHelpOptions = true,
        description = {"Bundle the ledger entries of a period as evidence: entries (JSON lines and Avro), an inclusion proof",
                "per entry against the latest signed checkpoint, the checkpoints, the policy versions in force, the Avro",
                "schemas, and manifest.json with the SHA-256 of every file. Check it with 'govctl audit verify-pack'."},
        exitCodeList = {"0:pack written", "1:error"})
public final class AuditPackCommand extends GovctlCommand {
    @Mixin
    private LedgerOptions ledger;
    @Option(names = "--since", paramLabel = "TIME", description = "From (inclusive): ISO-8601 instant or date, or relative like 24h, 7d.")
    private String since;
    @Option(names = "--until", paramLabel = "TIME", description = "To (exclusive), same forms (default: now).")
    private String until;
    @Option(names = "--tenant", description = "Only this tenant's entries.")
    private String tenant;
    @Option(names = "--out", paramLabel = "DIR|FILE.zip", required = true, description = "An empty or new directory, or a .zip file.")
    private Path out;
    @Option(names = "--key", paramLabel = "PUBKEY", description = "Public keyset to choose validly signed checkpoints (default: the data dir's).")
    private Path key;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        Instant now = Instant.now();
        ExportFilter period = new ExportFilter(since == null ? null : TimeArg.parse(since, now),
                until == null ? null : TimeArg.parse(until, now), tenant, null, null, null, null);
        LedgerCli cli = ledger.cli();
        CheckpointVerifier keys = LedgerCli.requirePublicKey(key, ledger.config().dataDir(),
                "no public key to choose trusted checkpoints: pass --key FILE");
        List<CheckpointRecord> checkpoints = cli.readCheckpoints();
        Map<Integer, LedgerCheckpoint> latest = LedgerAudit.latestValid(checkpoints, keys, cli.ledgerTopic);
        Map<Integer, CheckpointRecord> proveAgainst = new TreeMap<>();
        for (CheckpointRecord r : checkpoints) {
            if (latest.get(r.checkpoint().getPartition()) == r.checkpoint()) {
                // with every witness cosignature of that tree head, which witnesses write as further records
                proveAgainst.put(r.checkpoint().getPartition(),
                        new CheckpointRecord(r.offset(), io.govstream.ledger.checkpoint.CheckpointCosignatures.merged(r.checkpoint(), checkpoints)));
            }
        }

        // One replay: every entry feeds its partition's prover (proofs need all leaves), matching ones are packed.
        KafkaLedgerReader reader = cli.ledgerReader();
        Map<Integer, OffsetRange> ranges = reader.offsetRanges();
        Map<Integer, Long> end = new HashMap<>();
        ranges.values().forEach(r -> end.put(r.partition(), r.to()));
        Map<Integer, LedgerProver> provers = new HashMap<>();
        List<ExportRow> rows = new ArrayList<>();
        reader.replay(null, Map.of(), end, r -> {
            LedgerEntry entry = cli.entry(r.value());
            provers.computeIfAbsent(entry.getPartition(), LedgerProver::new).accept(entry);
            ExportRow row = ExportRow.of(entry, r.offset());
            if (period.matches(row)) {
                rows.add(row);
            }
        });

        EvidencePack.Summary summary = EvidencePack.write(new EvidencePack.Inputs(cli.ledgerTopic, now, period,
                new ArrayList<>(ranges.values()), rows, provers, proveAgainst, checkpoints, policies(cli, period), schemas(cli)), out);
        console.printf("evidence pack of %d entries (%d with inclusion proofs%s), %d checkpoints, %d policy versions, %d schemas written to %s%n",
                summary.entries(), summary.proofs(), summary.unproven().isEmpty() ? ""
                        : "; " + summary.unproven().size() + " appended after the latest checkpoint: " + summary.unproven(),
                summary.checkpoints(), summary.policies(), summary.schemas(), out);
        console.printf("check it offline: govctl audit verify-pack %s --key ledger-signing.pub.json%n", out);
        return ExitCodes.OK;
    }

    /** Every version published before the period ends: the ones in force at its start and those published during it. */
    private static List<PolicySetPublished> policies(LedgerCli cli, ExportFilter period) {
        return PolicyHistory.read(cli).all().stream().filter(p -> period.until() == null || p.getPublishedAt().isBefore(period.until())).toList();
    }

    /** The latest registered value schema of every catalogue topic, by subject. */
    private static Map<String, String> schemas(LedgerCli cli) {
        Map<String, String> schemas = new TreeMap<>();
        for (TopicSpec topic : cli.catalogue.topics()) {
            if (topic.valueSchema() == null) {
                continue;
            }
            String subject = WireFormat.valueSubject(topic.name());
            try {
                schemas.put(subject, cli.registry.latest(subject).schema().toString(true));
            } catch (SchemaRegistryException e) {
                // A topic declared ahead of its first registration has no schema yet; the pack lists what exists.
                if (e.status() != 404) {
                    throw e;
                }
            }
        }
        return schemas;
    }
}
