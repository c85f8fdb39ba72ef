package io.govstream.cli.client;

import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * The {@code --key-dir} option of the commands that make or use the ledger's key-encryption key
 * ({@code up}, {@code keys init}, {@code ledger access}, {@code ledger export}, {@code policy whatif},
 * {@code deploy status}, {@code deploy history}).
 */
public final class KeyDirOption {
    @Option(names = "--key-dir", paramLabel = "DIR", defaultValue = "${GOVCTL_KEY_DIR}",
            description = {"Where the ledger's key-encryption key (KEK) is kept: DIR/" + PlatformKek.FILE + ", never inside the data dir "
                    + "(a backup of the data dir must not hold the key that erasure relies on).",
                    "Default: $GOVCTL_KEY_DIR, else where this data dir's KEK was last found (<data dir>/" + PlatformKek.RECORD
                            + "), else a new $XDG_CONFIG_HOME/govstream/keys/<data dir name>-<id>/ (~/.config when unset), made 0700.",
                    "If $GOVSTREAM_KEK is set it holds the KEK itself (Tink keyset JSON or its base64) and is used instead."})
    private Path keyDir;

    /** The option's directory, or null for the default. */
    public Path keyDir() {
        return keyDir == null ? null : keyDir.toAbsolutePath().normalize();
    }

    /** The data dir's KEK as this option and the environment locate it. */
    public PlatformKek kek(Path dataDir, Consumer<String> notes) {
        return PlatformKek.of(dataDir, keyDir(), notes);
    }
}
