package io.govstream.cli.ledger;

import io.govstream.cli.client.ClientConfigOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the commands that read or write the ledger share: the cluster and its catalogue
 * ({@link ClientConfigOption}), the ledger and checkpoints topics when they are not the
 * catalogue's, and the schema registry.
 */
public final class LedgerOptions {
    @Mixin
    private ClientConfigOption config;
    @Option(names = "--topic", paramLabel = "TOPIC", description = "Ledger topic (default: the catalogue's).")
    private String topic;
    @Option(names = "--checkpoints-topic", paramLabel = "TOPIC", description = "Checkpoints topic (default: the catalogue's).")
    private String checkpointsTopic;
    @Option(names = "--registry", paramLabel = "URL", description = "Schema registry URL (default: from the client config).")
    private String registryUrl;

    public ClientConfigOption config() {
        return config;
    }

    /** The ledger's topics, serdes and Kafka settings, as these options name them. */
    public LedgerCli cli() {
        return new LedgerCli(config.clientProperties(), config.catalogue(), topic, checkpointsTopic, registryUrl);
    }

    /** The ledger topic: --topic, else the catalogue's. */
    public String ledgerTopic() {
        return topic != null ? topic : config.topics().ledger();
    }
}
