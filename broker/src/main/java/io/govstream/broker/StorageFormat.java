package io.govstream.broker;

import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Formats the KRaft storage once. The cluster id and node id then live in {@code kafka/meta.properties},
 * which is what lets a later start resume the same cluster with its topics and records.
 */
final class StorageFormat {

    private static final Logger LOG = LoggerFactory.getLogger(StorageFormat.class);

    private StorageFormat() {
    }

    static boolean isFormatted(Path kafkaDir) {
        return Files.isRegularFile(kafkaDir.resolve("meta.properties"));
    }

    /** Formats node {@code nodeId}'s {@code kafkaDir} for cluster {@code clusterId} unless it already is, admin SCRAM credential included. */
    static void formatIfNeeded(Path kafkaDir, int nodeId, String clusterId, String adminPassword) {
        if (isFormatted(kafkaDir)) {
            return;
        }
        String dir = kafkaDir.toString();
        try {
            Files.createDirectories(kafkaDir);
            new Formatter()
                    // The formatter narrates to stdout; our own log line below is enough.
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .addDirectory(dir)
                    .setMetadataLogDirectory(dir)
                    .setControllerListenerName(BrokerConfig.CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setScramArguments(List.of(Sasl.SCRAM + "=[name=" + BrokerConfig.ADMIN_USER
                            + ",password=" + adminPassword + "]"))
                    .run();
        } catch (Exception e) {
            // Formatter.run declares Exception; everything it throws means the same thing to the caller.
            throw new BrokerStartException("Cannot format Kafka storage in " + kafkaDir + ": " + e.getMessage(), e);
        }
        LOG.info("Formatted Kafka storage in {} (cluster id {})", kafkaDir, clusterId);
    }

    /** The cluster id a formatted {@code kafkaDir} belongs to. */
    static String clusterId(Path kafkaDir) {
        try (java.io.Reader in = Files.newBufferedReader(kafkaDir.resolve("meta.properties"))) {
            java.util.Properties meta = new java.util.Properties();
            meta.load(in);
            return meta.getProperty("cluster.id");
        } catch (java.io.IOException e) {
            throw new BrokerStartException("Cannot read " + kafkaDir.resolve("meta.properties") + ": " + e.getMessage(), e);
        }
    }
}
