package io.govstream.cli.client;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data-dir} option every command that touches local state shares. */
public final class DataDirOption {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${GOVCTL_DATA_DIR:-.govctl}",
            description = "Where the platform keeps its state, secrets and client files (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    public Path dataDir() {
        return dataDir.toAbsolutePath().normalize();
    }
}
