package io.govstream.topology.plan;

import io.govstream.broker.BrokerSettings;
import io.govstream.broker.EmbeddedKafka;
import io.govstream.topology.Catalogue;
import io.govstream.topology.Topics;
import io.govstream.topology.secrets.SecretStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The governance principal's ACLs are enough for an exactly-once Kafka Streams app with a state
 * store: it creates its changelog, writes decisions and ledger in transactions, commits offsets.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GovernanceStreamsAccessIT {

    @TempDir
    Path dataDir;

    @Test
    void givenAppliedCatalogue_whenGovernanceStreamsRunsExactlyOnce_thenDecisionsAndLedgerAreWritten() throws Exception {
        Catalogue catalogue = Catalogue.load();
        Topics topics = new Topics(catalogue);
        SecretStore secrets = new SecretStore(dataDir.resolve("secrets"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(BrokerSettings.ephemeral(dataDir))) {
            try (Admin admin = Admin.create(kafka.adminClientProperties())) {
                TopologyPlanner.plan(admin, catalogue, secrets).apply(admin);
            }
            Clients clients = new Clients(kafka, secrets);

            try (KafkaStreams streams = new KafkaStreams(countingTopology(topics), new StreamsConfig(streamsProps(kafka, secrets)))) {
                streams.start();
                clients.produce("orbit", topics.dispatchRequests(), "corr-1", "request");

                assertThat(readAll(clients, topics.decisions())).contains("decision-1");
                assertThat(readAll(clients, topics.ledger())).contains("entry-1");
                assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            }
            try (Admin admin = Admin.create(kafka.adminClientProperties())) {
                assertThat(admin.listTopics().names().get()).contains("governance-streams-request-counts-changelog");
            }
        }
    }

    /** A stand-in for the real topology with the same access pattern: read requests, keep state, write two topics. */
    private static Topology countingTopology(Topics topics) {
        StreamsBuilder builder = new StreamsBuilder();
        var counts = builder.stream(topics.dispatchRequests(), Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey()
                .count(Named.as("count-requests"), Materialized.<String, Long>as(Stores.inMemoryKeyValueStore("request-counts"))
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream(Named.as("counts"));
        counts.mapValues(n -> "decision-" + n, Named.as("decide"))
                .to(topics.decisions(), Produced.with(Serdes.String(), Serdes.String()));
        counts.mapValues(n -> "entry-" + n, Named.as("ledger-entry"))
                .to(topics.ledger(), Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    private Map<String, Object> streamsProps(EmbeddedKafka kafka, SecretStore secrets) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties("governance", secrets.passwordFor("governance")));
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "governance-streams");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, dataDir.resolve("streams").toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        return props;
    }

    private static List<String> readAll(Clients clients, String topic) {
        try (KafkaConsumer<String, String> consumer = clients.consumer("admin", null)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return Clients.pollUntil(consumer, 1).stream().map(ConsumerRecord::value).toList();
        }
    }
}
