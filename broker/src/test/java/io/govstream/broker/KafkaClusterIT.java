package io.govstream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes, each its own process: a real quorum and real replication, which survive SIGKILL of
 * a follower and then of the active controller while transactions are being committed.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KafkaClusterIT {
    private static final String TOPIC = "replicated";

    @Test
    void givenThreeNodeProcesses_whenAFollowerThenTheControllerIsKilledMidLoad_thenEveryCommittedRecordSurvivesOnce(
            @TempDir Path dataDir) throws Exception {
        try (KafkaCluster kafka = KafkaCluster.start(BrokerSettings.ephemeral(dataDir, 3));
             Admin admin = Admin.create(kafka.adminClientProperties())) {
            Set<Long> pids = new HashSet<>(List.of(kafka.pid(1), kafka.pid(2), kafka.pid(3)));
            assertThat(pids).hasSize(3).doesNotContain(ProcessHandle.current().pid());
            QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get();
            assertThat(quorum.voters()).extracting(QuorumInfo.ReplicaState::replicaId).containsExactlyInAnyOrder(1, 2, 3);
            // A topic made without saying so has three replicas, two needed in sync for a write.
            admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(3), Optional.empty()))).all().get();
            // The nodes learn of a new topic from the metadata log a moment after the controller made it: until then
            // the node asked answers that it hosts no such topic.
            TopicDescription topic = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC), described -> true);
            assertThat(topic.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(
                    admin.describeConfigs(List.of(resource)).all().get().get(resource).get("min.insync.replicas").value()).isEqualTo("2"));

            AtomicInteger committed = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                try (KafkaProducer<String, String> producer = transactional(kafka)) {
                    producer.initTransactions();
                    for (int tx = 0; !stop.get(); tx++) {
                        producer.beginTransaction();
                        for (int i = 0; i < 50; i++) {
                            String value = tx + "-" + i;
                            producer.send(new ProducerRecord<>(TOPIC, value, value));
                        }
                        producer.commitTransaction();
                        committed.incrementAndGet();
                    }
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> committed.get() >= 20);

            // when: a node that is not the active controller is killed mid-load
            int controller = kafka.activeController();
            int follower = controller == 3 ? 2 : 3;
            kafka.kill(follower);
            int atFollowerKill = committed.get();
            await().atMost(Duration.ofSeconds(90)).until(() -> committed.get() >= atFollowerKill + 20);
            assertThat(load).isNotDone();
            kafka.restart(follower);

            // and then the active controller
            kafka.kill(controller);
            int atControllerKill = committed.get();
            await().atMost(Duration.ofSeconds(90)).until(() -> committed.get() >= atControllerKill + 20);
            int newController = kafka.activeController();
            assertThat(newController).isNotEqualTo(controller);
            kafka.restart(controller);
            stop.set(true);
            load.get(60, TimeUnit.SECONDS);

            // then: every committed transaction's records, each exactly once
            List<String> values = readCommitted(kafka);
            assertThat(values).hasSize(committed.get() * 50);
            assertThat(new HashSet<>(values)).hasSize(values.size());
            assertThat(values).contains("0-0", (committed.get() - 1) + "-49");
            System.out.printf("KafkaClusterIT: %d transactions (%d records) committed; follower %d killed after %d, controller %d after %d; new controller %d%n",
                    committed.get(), values.size(), follower, atFollowerKill, controller, atControllerKill, newController);
        }
    }

    /**
     * A node whose peers are gone stops as promptly and cleanly as the others: nodes stop together, and a broker that
     * waits for the controller quorum to approve its controlled shutdown waits minutes once the quorum has stopped
     * (the cluster then kills it, its logs unclosed).
     */
    @Test
    void givenTwoOfThreeNodesKilled_whenTheClusterIsClosed_thenTheLastNodeStopsCleanly(@TempDir Path dataDir) throws Exception {
        KafkaCluster kafka = KafkaCluster.start(BrokerSettings.ephemeral(dataDir, 3));
        kafka.kill(2);
        kafka.kill(3);

        kafka.close();

        // Kafka writes this marker into a log dir when it closed its logs on the way out; a killed node leaves none.
        assertThat(BrokerSettings.ephemeral(dataDir, 3).kafkaDir(1).resolve(".kafka_cleanshutdown"))
                .as("node 1 stopped by itself, its logs closed; its output:%n%s", ChildJvm.tail(kafka.log(1))).exists();
    }

    private static KafkaProducer<String, String> transactional(KafkaCluster kafka) {
        Map<String, Object> props = new HashMap<>(kafka.adminClientProperties());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "cluster-it");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Every committed record, reading each partition to its end offset. */
    private static List<String> readCommitted(KafkaCluster kafka) {
        Map<String, Object> props = new HashMap<>(kafka.adminClientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1), new TopicPartition(TOPIC, 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
        }
        return values;
    }
}
