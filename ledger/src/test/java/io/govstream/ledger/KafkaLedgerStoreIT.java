package io.govstream.ledger;

import io.govstream.schemas.EventHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.govstream.broker.BrokerSettings;
import io.govstream.broker.EmbeddedKafka;
import io.govstream.events.LedgerEntry;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link LedgerStore} contract of {@link KafkaLedgerStore} on a real broker, one topic per test,
 * and what only Kafka adds: fencing of a zombie writer, records as the Streams sink writes them, a
 * truncated partition's first head.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaLedgerStoreIT extends LedgerStoreContractTest {
    @TempDir
    static Path dataDir;
    private EmbeddedKafka kafka;
    private final AvroSerde<LedgerEntry> serde = AvroSerde.forValue(LedgerEntry.class, new InMemorySchemaRegistryClient());
    private final List<KafkaLedgerStore> opened = new ArrayList<>();
    private String topic;

    @BeforeAll
    void startBroker() {
        kafka = EmbeddedKafka.start(BrokerSettings.ephemeral(dataDir.resolve("broker")));
    }

    @AfterAll
    void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterEach
    void closeStores() {
        opened.forEach(KafkaLedgerStore::close);
        opened.clear();
    }

    @Override
    LedgerStore newStore(int partitions) {
        topic = "it-store-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            // Kept forever, as the catalogue keeps the ledger: the entries' timestamps are their append times, long past.
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)
                    .configs(Map.of("retention.ms", "-1", "retention.bytes", "-1")))).all().get();
            // The controller has the topic once created; the broker that answers clients' metadata requests learns of it
            // a moment later, and a store opened before then reads "does not exist".
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size() == partitions);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + topic, e);
        }
        return writer("it-writer-" + topic);
    }

    @Override
    Duration tailDelay() {
        return Duration.ofSeconds(30);
    }

    private KafkaLedgerStore writer(String writerId) {
        KafkaLedgerStore store = new KafkaLedgerStore(kafka.adminClientProperties(), topic, LedgerCodec.avro(serde, topic), writerId,
                Duration.ofSeconds(30));
        opened.add(store);
        return store;
    }

    @Test
    void givenATopicThatDoesNotExist_whenRead_thenTheFailureSaysSoWithoutMatchingItsMessage() {
        String topic = "it-missing-" + UUID.randomUUID();
        KafkaLedgerReader reader = new KafkaLedgerReader(kafka.adminClientProperties(), topic, Duration.ofSeconds(5), n -> { });
        assertThatThrownBy(() -> reader.replayFromStart(r -> { }))
                .isInstanceOfSatisfying(LedgerReadException.class, e -> assertThat(e.topicMissing()).as(e.getMessage()).isTrue())
                .hasMessageContaining(topic);
    }

    @Test
    void givenANewerWriterWithTheSameId_whenTheOlderOneAppends_thenItIsFencedAndNothingOfItIsCommitted() {
        ChainHead head = store.append(0, ChainHead.genesis(0), entries(ChainHead.genesis(0), 1));
        KafkaLedgerStore newer = writer("it-writer-" + topic);
        ChainHead newerHead = newer.append(0, head, entries(head, 1));

        // The zombie even names the right head: only the fencing stops it.
        assertThatThrownBy(() -> store.append(0, newerHead, entries(newerHead, 1)))
                .isInstanceOf(LedgerFencedException.class).hasMessageContaining("fenced");
        assertThatThrownBy(() -> store.append(0, newerHead, entries(newerHead, 1))).isInstanceOf(LedgerFencedException.class);

        assertThat(store.latest(0)).isEqualTo(newerHead);
        assertThat(newer.append(0, newerHead, entries(newerHead, 1)).nextSequence()).isEqualTo(3);
    }

    @Test
    void givenTwoWritersWithTheSameIdAndTheSameExpectedHead_whenBothAppend_thenExactlyOneWins() {
        ChainHead head = store.append(0, ChainHead.genesis(0), entries(ChainHead.genesis(0), 1));
        KafkaLedgerStore other = writer("it-writer-" + topic);
        List<LedgerEntry> mine = entries(head, 1);
        List<LedgerEntry> theirs = entries(head, 1);

        ChainHead won = other.append(0, head, theirs);

        assertThatThrownBy(() -> store.append(0, head, mine)).isInstanceOfAny(LedgerFencedException.class, LedgerConflictException.class);
        assertThat(store.latest(0)).isEqualTo(won).isEqualTo(ChainHead.after(theirs.get(0)));
    }

    @Test
    void givenAStoreOpenedToRead_whenAppending_thenItRefusesAndWritesNothing() {
        KafkaLedgerStore reader = new KafkaLedgerStore(kafka.adminClientProperties(), topic, LedgerCodec.avro(serde, topic));

        assertThatThrownBy(() -> reader.append(0, ChainHead.genesis(0), entries(ChainHead.genesis(0), 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("read only");
        assertThat(reader.latest(0)).isEqualTo(ChainHead.genesis(0));
    }

    @Test
    void givenAnAppend_whenItsRecordsAreRead_thenTheyAreKeyedStampedAndHeadedAsTheStreamsSinkWritesThem() {
        List<LedgerEntry> entries = entries(ChainHead.genesis(1), 2);
        store.append(1, ChainHead.genesis(1), entries);

        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps())) {
            TopicPartition tp = new TopicPartition(topic, 1);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            while (records.size() < 2) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }

        for (int i = 0; i < 2; i++) {
            LedgerEntry entry = entries.get(i);
            ConsumerRecord<String, byte[]> record = records.get(i);
            assertThat(record.key()).isEqualTo(entry.getSubjectKey());
            assertThat(record.timestamp()).isEqualTo(entry.getEnvelope().getOccurredAt().toEpochMilli());
            assertThat(new String(record.headers().lastHeader(EventHeaders.CORRELATION_ID).value(), StandardCharsets.UTF_8))
                    .isEqualTo(entry.getEnvelope().getCorrelationId());
            assertThat(serde.decode(topic, record.value())).isEqualTo(entry);
        }
    }

    @Test
    void givenAPartitionWhoseOldestEntriesWereDeleted_whenAskedForItsFirstHead_thenItIsWhereTheStoredChainStarts() throws Exception {
        List<LedgerEntry> entries = entries(ChainHead.genesis(0), 3);
        store.append(0, ChainHead.genesis(0), entries);
        long secondOffset = store.offsetOfSequence(0, 1, b -> serde.decode(topic, b).getSequence()).orElseThrow();
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(secondOffset))).all().get();
        }

        assertThat(store.first(0)).isEqualTo(ChainHead.after(entries.get(0)));
        assertThat(store.latest(0)).isEqualTo(ChainHead.after(entries.get(2)));
        List<LedgerEntry> replayed = new ArrayList<>();
        store.replay(0, 0, replayed::add);
        assertThat(replayed).extracting(LedgerEntry::getSequence).containsExactly(1L, 2L);
    }

    private Map<String, Object> consumerProps() {
        Map<String, Object> props = new java.util.HashMap<>(kafka.adminClientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }
}
