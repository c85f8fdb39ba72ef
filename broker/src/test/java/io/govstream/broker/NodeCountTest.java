package io.govstream.broker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data dir keeps the node count it was made with: refused before any node starts, with what to do. */
class NodeCountTest {

    @Test
    void givenASingleNodeDataDir_whenStartedAsAClusterOfThree_thenRefusedNamingBothCounts(@TempDir Path dir) {
        StorageFormat.formatIfNeeded(dir.resolve("kafka"), 1, "cluster-id-of-one-node", "admin-password");

        assertThatThrownBy(() -> KafkaCluster.start(BrokerSettings.ephemeral(dir, 3)))
                .isInstanceOf(BrokerStartException.class)
                .hasMessageContaining("holds Kafka storage of 1 node, not 3")
                .hasMessageContaining("a data dir keeps the node count it was made with");
    }

    @Test
    void givenAClusterDataDir_whenStartedAsOneNode_thenRefused(@TempDir Path dir) {
        StorageFormat.formatIfNeeded(dir.resolve("kafka"), 1, "cluster-id-of-three-nodes", "admin-password");
        StorageFormat.formatIfNeeded(dir.resolve("kafka-2"), 2, "cluster-id-of-three-nodes", "admin-password");

        assertThatThrownBy(() -> EmbeddedKafka.start(BrokerSettings.ephemeral(dir)))
                .isInstanceOf(BrokerStartException.class)
                .hasMessageContaining("holds the storage of a Kafka cluster of several nodes");
    }
}
