package io.govstream.cli.ledger;

import picocli.CommandLine.Command;

@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "Replay and check the append-only governance ledger.",
        subcommands = {LedgerVerifyCommand.class})
public final class LedgerCommand {
}
