package io.govstream.cli.ledger;

import picocli.CommandLine.Command;

@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "Replay, prove, export, back up and restore the append-only governance ledger; subject access and erasure (GDPR).",
        subcommands = {LedgerVerifyCommand.class, LedgerProveCommand.class, LedgerCheckProofCommand.class,
                LedgerCheckpointCommand.class, LedgerWitnessCommand.class, LedgerBackupCommand.class, LedgerRestoreCommand.class,
                LedgerExportCommand.class, LedgerAccessCommand.class, LedgerEraseCommand.class})
public final class LedgerCommand {
}
