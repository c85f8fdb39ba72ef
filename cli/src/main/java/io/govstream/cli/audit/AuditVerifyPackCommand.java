package io.govstream.cli.audit;

import io.govstream.cli.client.DataDirOption;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.cli.ledger.LedgerCli;
import io.govstream.ledger.checkpoint.CheckpointVerifier;
import io.govstream.ledger.pack.PackVerifier;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify-pack", mixinStandardHelpOptions = true,
        description = {"Verify an evidence pack offline, with no cluster: file hashes against the manifest, every entry's",
                "hashes, every inclusion proof up to its signed checkpoint, and every checkpoint's signature."},
        exitCodeList = {"0:pack holds", "1:error (unreadable pack or key)", "6:pack does not hold (every problem is printed)"})
public final class AuditVerifyPackCommand extends GovctlCommand {
    @Mixin
    private DataDirOption dataDir;
    @Parameters(index = "0", paramLabel = "DIR|FILE.zip", description = "The evidence pack.")
    private Path pack;
    @Option(names = "--key", paramLabel = "PUBKEY", description = "The signer's public keyset, Tink JSON (default: <data dir>/ledger-signing.pub.json).")
    private Path key;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CheckpointVerifier keys = LedgerCli.requirePublicKey(key, dataDir.dataDir(), "no public key: pass --key PUBKEY");
        if (!Files.exists(pack)) {
            throw new IllegalArgumentException("no evidence pack at " + pack);
        }
        PackVerifier.Result result = PackVerifier.verify(pack, keys);
        if (result.holds()) {
            out.printf("pack holds: %d entries, %d inclusion proofs (signed by %s), %d checkpoints; %d entries after the latest checkpoint%n"
                            + "  period %s .. %s%n",
                    result.entries(), result.proofs(), String.join(", ", result.keyIds()), result.checkpoints(), result.unproven(),
                    result.header().path("period").path("since").asText(), result.header().path("period").path("until").asText());
        } else {
            out.println("PACK DOES NOT HOLD:");
            result.problems().forEach(p -> out.println("  " + p));
        }
        return result.holds() ? ExitCodes.OK : ExitCodes.LEDGER_INVALID;
    }
}
