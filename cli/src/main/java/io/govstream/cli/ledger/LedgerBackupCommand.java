package io.govstream.cli.ledger;

import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.ledger.backup.BackupManifest;
import io.govstream.ledger.backup.LedgerBackup;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Back up the ledger and its checkpoints into an empty directory: one Avro container file per",
                "partition, one for the checkpoints, and manifest.json with counts, heads, roots and file hashes."},
        exitCodeList = {"0:backup taken of a verified ledger", "1:error", "6:backup taken, but the ledger did not verify (see the manifest)"})
public final class LedgerBackupCommand extends GovctlCommand {
    @Mixin
    private LedgerOptions ledger;
    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory to write (must not exist or be empty).")
    private Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LedgerCli cli = ledger.cli();
        Progress progress = new Progress(out);
        BackupManifest manifest = LedgerBackup.run(cli.kafka, cli.ledgerTopic, cli.checkpointsTopic, cli::entry,
                b -> cli.checkpoints.decode(cli.checkpointsTopic, b), dir, progress::update);
        double seconds = progress.done();
        manifest.partitions().forEach(p -> out.printf("  partition %d: %d entries (sequences %d..%d) -> %s%n",
                p.partition(), p.entries(), p.firstSequence(), p.lastSequence(), p.file()));
        out.printf("backed up %d entries and %d checkpoints of %s to %s in %.2f s%s%n", manifest.totalEntries(),
                manifest.checkpoints().count(), cli.ledgerTopic, dir, seconds,
                manifest.ledgerVerified() ? "" : "; THE LEDGER DID NOT VERIFY: " + manifest.problems());
        return manifest.ledgerVerified() ? ExitCodes.OK : ExitCodes.LEDGER_INVALID;
    }
}
