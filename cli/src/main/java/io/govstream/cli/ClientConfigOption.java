package io.govstream.cli;

import io.govstream.cli.platform.ClientFiles;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a command reaches a running cluster: a client properties file, by default the admin
 * settings {@code govctl up} wrote into the data dir.
 */
public final class ClientConfigOption {
    @Mixin
    private DataDirOption dataDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Kafka client properties (bootstrap, SASL, ...). Default: <data dir>/" + ClientFiles.ADMIN
                    + ", written by 'govctl up'.")
    private Path config;

    public java.nio.file.Path dataDir() {
        return dataDir.dataDir();
    }

    public Map<String, Object> clientProperties() {
        return ClientFiles.read(config != null ? config : dataDir.dataDir().resolve(ClientFiles.ADMIN));
    }
}
