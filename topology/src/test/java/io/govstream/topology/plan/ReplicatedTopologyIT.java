package io.govstream.topology.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.govstream.broker.BrokerSettings;
import io.govstream.broker.KafkaCluster;
import io.govstream.topology.Catalogue;
import io.govstream.topology.secrets.SecretStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue's replication on a cluster of three nodes (a process each): apply creates every
 * topic with three replicas and two in sync, and a topic someone made by hand with one replica
 * before the apply is an error of the plan, not a topic left with a single copy.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ReplicatedTopologyIT {
    private final Catalogue catalogue = Catalogue.load();

    @TempDir
    Path dataDir;

    @Test
    void givenThreeNodes_whenApplied_thenEveryTopicHasThreeReplicasAndTwoInSync_andAHandMadeSingleCopyTopicIsAnError()
            throws Exception {
        try (KafkaCluster kafka = KafkaCluster.start(BrokerSettings.ephemeral(dataDir.resolve("kafka"), 3));
             Admin admin = Admin.create(kafka.adminClientProperties())) {
            SecretStore secrets = new SecretStore(dataDir.resolve("secrets"));
            String handMade = catalogue.topic("dead-letters").name();
            admin.createTopics(List.of(new NewTopic(handMade, Optional.of(3), Optional.of((short) 1)))).all().get();

            // Each node learns of topics from the metadata log a moment after the controller: plans are taken once the
            // node asked sees the change (the admin client may ask another node each time).
            Plan plan = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> TopologyPlanner.plan(admin, catalogue, secrets), seen -> seen.hasErrors());

            assertThat(plan.errors()).containsExactly("topic " + handMade + " has 1 replica of a partition, the catalogue asks"
                    + " 3 replicas: reassign its partitions (kafka-reassign-partitions) to add replicas");
            assertThat(plan.describe()).contains("+ topic governance.ledger (3 partitions, 3 replicas, cleanup.policy=delete,"
                    + " min.insync.replicas=2, retention.bytes=-1, retention.ms=-1)");

            // once the hand-made topic is gone, the plan applies, and every topic is as the catalogue says
            admin.deleteTopics(List.of(handMade)).all().get();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> TopologyPlanner.plan(admin, catalogue, secrets), seen -> !seen.hasErrors()).apply(admin);
            List<String> names = catalogue.topics().stream().map(t -> t.name()).toList();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                for (TopicDescription topic : admin.describeTopics(names).allTopicNames().get().values()) {
                    assertThat(topic.partitions()).as(topic.name()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
                    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
                    assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("min.insync.replicas").value())
                            .as(topic.name()).isEqualTo("2");
                }
            });
            Plan after = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> TopologyPlanner.plan(admin, catalogue, secrets), Plan::isEmpty);
            assertThat(after.isEmpty()).as(String.join("\n", after.describe())).isTrue();
            assertThat(after.topics()).hasSize(names.size()).allSatisfy(line -> assertThat(line).contains("3 replicas, min.insync.replicas=2"));
        }
    }
}
