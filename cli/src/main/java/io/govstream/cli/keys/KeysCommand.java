package io.govstream.cli.keys;

import picocli.CommandLine.Command;

@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Command-signing keys (Ed25519, Tink keyset in <data dir>/secrets); init makes every key a deployment needs.",
        subcommands = {KeysListCommand.class, KeysRotateCommand.class, KeysInitCommand.class})
public final class KeysCommand {
}
