package io.govstream.cli.client;

import io.govstream.topology.Catalogue;
import io.govstream.topology.Topics;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a command reaches a running cluster: a client properties file, by default the admin
 * settings {@code govctl up} wrote into the data dir; and the catalogue that names its topics and
 * principals, by default the built-in one.
 */
public final class ClientConfigOption {
    @Mixin
    private DataDirOption dataDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Kafka client properties (bootstrap, SASL, ...). Default: <data dir>/" + ClientFiles.ADMIN
                    + ", written by 'govctl up'.")
    private Path config;

    @Option(names = "--catalogue", paramLabel = "FILE",
            description = "Catalogue YAML naming the cluster's topics and principals (default: the built-in catalogue).")
    private Path catalogueFile;
    private Catalogue catalogue;

    public java.nio.file.Path dataDir() {
        return dataDir.dataDir();
    }

    /** The catalogue given with --catalogue, else the built-in one; loaded once. */
    public Catalogue catalogue() {
        if (catalogue == null) {
            catalogue = catalogueFile == null ? Catalogue.load() : Catalogue.load(catalogueFile);
        }
        return catalogue;
    }

    public Topics topics() {
        return new Topics(catalogue());
    }

    public Map<String, Object> clientProperties() {
        return ClientFiles.read(config != null ? config : dataDir.dataDir().resolve(ClientFiles.ADMIN));
    }
}
