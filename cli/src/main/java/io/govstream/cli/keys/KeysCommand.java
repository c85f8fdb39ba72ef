package io.govstream.cli.keys;

import picocli.CommandLine.Command;

/** {@code govctl keys}: the command-signing keys in the data dir. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Command-signing keys (Ed25519, Tink keyset in <data dir>/secrets).",
        subcommands = {KeysListCommand.class, KeysRotateCommand.class})
public final class KeysCommand {
}
