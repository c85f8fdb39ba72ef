package io.govstream.cli.ledger;

import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.ledger.LedgerCodec;
import io.govstream.ledger.backup.BackupManifest;
import io.govstream.ledger.backup.LedgerRestore;
import io.govstream.ledger.checkpoint.CheckpointVerifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a 'govctl ledger backup' into an EMPTY ledger topic (same partition count; create it first with",
                "'govctl topology apply'), each partition's entries in order, then the checkpoints; then verify the result.",
                "Refuses a damaged backup or a non-empty target before writing anything."},
        exitCodeList = {"0:restored and verified", "1:error (nothing or not everything restored)", "6:restored but does not verify"})
public final class LedgerRestoreCommand extends GovctlCommand {
    @Mixin
    private LedgerOptions ledger;
    @Parameters(index = "0", paramLabel = "DIR", description = "A backup directory (with manifest.json).")
    private Path dir;
    @Option(names = "--key", paramLabel = "PUBKEY", description = "Public keyset to verify the restored checkpoints (default: the data dir's).")
    private Path key;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        BackupManifest manifest = BackupManifest.read(dir);
        LedgerCli cli = ledger.cli();
        Progress progress = new Progress(out);
        LedgerRestore.Result result = LedgerRestore.run(cli.kafka, dir, cli.ledgerTopic, cli.checkpointsTopic,
                LedgerCodec.avro(cli.entries, cli.ledgerTopic), cli.checkpoints::encode, progress::update);
        double seconds = progress.done();
        out.printf("restored %d entries and %d checkpoints (backup of %s taken %s) into %s in %.2f s%n", result.entries(),
                result.checkpoints(), manifest.ledgerTopic(), manifest.createdAt(), cli.ledgerTopic, seconds);
        CheckpointVerifier keys = LedgerCli.publicKey(key, ledger.config().dataDir());
        return LedgerVerifyCommand.run(cli, keys, out, null).result().report().isClean() ? ExitCodes.OK : ExitCodes.LEDGER_INVALID;
    }
}
