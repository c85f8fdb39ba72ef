package io.govstream.ledger.gdpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.broker.BrokerSettings;
import io.govstream.broker.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The purge an erasure runs, on a real broker, against the readers it must not rob: a consumer
 * group that has not read everything, records written after the erasure, and a transaction still
 * open. Each keeps what it is owed; only what every reader has passed before the erasure goes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TransitPurgeIT {
    private static final Instant ERASURE = Instant.parse("2026-03-01T12:00:00Z");
    @TempDir
    Path dataDir;
    private EmbeddedKafka kafka;
    private Admin admin;

    @BeforeEach
    void start() throws Exception {
        kafka = EmbeddedKafka.start(BrokerSettings.ephemeral(dataDir.resolve("broker")));
        admin = Admin.create(kafka.adminClientProperties());
        admin.createTopics(List.of(new NewTopic("requests", 2, (short) 1).configs(Map.of("retention.ms", "-1")),
                new NewTopic("decisions", 1, (short) 1).configs(Map.of("retention.ms", "-1")),
                new NewTopic("shadow", 1, (short) 1).configs(Map.of("retention.ms", "-1")))).all().get();
    }

    @AfterEach
    void stop() {
        admin.close();
        kafka.close();
    }

    @Test
    void givenALaggingGroupLaterRecordsAndAnOpenTransaction_whenPurged_thenOnlyWhatEveryReaderPassedBeforeTheErasureGoes()
            throws Exception {
        // requests-0: 10 records before the erasure, 3 after; the group has read 6 of them.
        // requests-1: 10 records before, read by the group to the end. decisions-0: 4 committed before, then a
        // transaction left open with records dated before the erasure; no group reads it.
        try (KafkaProducer<String, String> plain = producer(null)) {
            for (int i = 0; i < 10; i++) {
                plain.send(record("requests", 0, ERASURE.minusSeconds(100 - i), "alice-" + i));
                plain.send(record("requests", 1, ERASURE.minusSeconds(100 - i), "bob-" + i));
            }
            for (int i = 0; i < 3; i++) {
                plain.send(record("requests", 0, ERASURE.plusSeconds(10 + i), "after-" + i));
            }
        }
        admin.alterConsumerGroupOffsets("governance", Map.of(new TopicPartition("requests", 0), new OffsetAndMetadata(6),
                new TopicPartition("requests", 1), new OffsetAndMetadata(10))).all().get();
        try (KafkaProducer<String, String> committed = producer("it-purge-committed")) {
            committed.initTransactions();
            committed.beginTransaction();
            for (int i = 0; i < 4; i++) {
                committed.send(record("decisions", 0, ERASURE.minusSeconds(50 - i), "decided-" + i));
            }
            committed.commitTransaction();
        }
        KafkaProducer<String, String> open = producer("it-purge-open");
        try {
            open.initTransactions();
            open.beginTransaction();
            open.send(record("decisions", 0, ERASURE.minusSeconds(5), "in-flight")).get();
            // shadow-0 holds only the open transaction's record, dated before the erasure: nothing dated after it bounds
            // the cut, so only the last stable offset keeps the record of a transaction that may still commit.
            open.send(record("shadow", 0, ERASURE.minusSeconds(5), "in-flight")).get();

            List<TransitPurge.Cut> cuts = new TransitPurge(admin, Duration.ofSeconds(30))
                    .purge(List.of("requests", "decisions", "shadow", "no-such-topic"), ERASURE);

            Map<TopicPartition, TransitPurge.Cut> byPartition = new HashMap<>();
            cuts.forEach(c -> byPartition.put(c.partition(), c));
            assertThat(byPartition).containsOnlyKeys(new TopicPartition("requests", 0), new TopicPartition("requests", 1),
                    new TopicPartition("decisions", 0), new TopicPartition("shadow", 0));
            assertThat(byPartition.get(new TopicPartition("shadow", 0)).purged()).isZero();
            assertThat(earliest("shadow", 0)).isZero();
            // The lagging group keeps its 4 unread records from before the erasure, and is named for it.
            TransitPurge.Cut lagging = byPartition.get(new TopicPartition("requests", 0));
            assertThat(lagging.purged()).isEqualTo(6);
            assertThat(lagging.kept()).isEqualTo(4);
            assertThat(lagging.heldBy()).isEqualTo("governance");
            // Read to the end before the erasure: all 10 go, nothing is kept.
            TransitPurge.Cut readAll = byPartition.get(new TopicPartition("requests", 1));
            assertThat(readAll.purged()).isEqualTo(10);
            assertThat(readAll.kept()).isZero();
            // No group: the 4 committed records go; the open transaction's record (offset 5) stays, though it is dated
            // before the erasure (the cut never passes the last stable offset). The commit marker at offset 4 is dated by
            // the broker, after the erasure, so the time bound keeps it too.
            TransitPurge.Cut decided = byPartition.get(new TopicPartition("decisions", 0));
            assertThat(decided.purged()).isEqualTo(4);
            assertThat(earliest("decisions", 0)).isEqualTo(4);
            open.commitTransaction();
        } finally {
            open.close();
        }
        // What the broker holds now: requests-0 from offset 6 (4 unread + 3 after the erasure), requests-1 empty.
        assertThat(earliest("requests", 0)).isEqualTo(6);
        assertThat(latest("requests", 0) - earliest("requests", 0)).isEqualTo(7);
        assertThat(earliest("requests", 1)).isEqualTo(10);
    }

    private long earliest(String topic, int partition) throws Exception {
        TopicPartition p = new TopicPartition(topic, partition);
        return admin.listOffsets(Map.of(p, OffsetSpec.earliest())).all().get().get(p).offset();
    }

    private long latest(String topic, int partition) throws Exception {
        TopicPartition p = new TopicPartition(topic, partition);
        return admin.listOffsets(Map.of(p, OffsetSpec.latest())).all().get().get(p).offset();
    }

    private KafkaProducer<String, String> producer(String transactionalId) {
        Map<String, Object> props = new HashMap<>(kafka.adminClientProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        if (transactionalId != null) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(props);
    }

    private static ProducerRecord<String, String> record(String topic, int partition, Instant at, String value) {
        return new ProducerRecord<>(topic, partition, at.toEpochMilli(), value, value);
    }

}
