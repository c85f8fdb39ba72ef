package io.govstream.axon.work;

import io.govstream.events.DispatchResult;
import io.govstream.events.DispatchStatus;
import io.govstream.runtime.KafkaClientSettings;
import io.govstream.runtime.commands.NonceStore;
import io.govstream.schemas.serde.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command ids whose results are already on the results topic (within the lookback, which must
 * cover the command TTL): when a worker is assigned a partition they count as done, whichever
 * instance did them, so a replay or a redelivery is not done twice across restarts, instances and
 * rebalances. A command's result is on the results partition with its command's partition number
 * ({@link CommandRouting}); with another partition count on the results topic every partition is
 * read. Only committed results count (read_committed).
 */
record DoneCommands(KafkaClientSettings kafka, AvroSerde<DispatchResult> results, String resultsTopic, Duration lookback,
                    String worker, java.util.function.IntSupplier commandPartitionCount) {
    private static final Logger LOG = LoggerFactory.getLogger(DoneCommands.class);

    /**
     * Marks every command id found in the lookback of the results partitions {@code numbers} as done in {@code done}.
     *
     * @param alive   called while reading, so a long restore does not look like a hung worker
     * @param numbers the command partitions a worker was assigned
     */
    int restoreInto(NonceStore done, Runnable alive, Set<Integer> numbers) {
        Map<String, Object> settings = new HashMap<>(kafka.with(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, worker + "-done-restore")));
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        int restored = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> all = consumer.partitionsFor(resultsTopic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            List<TopicPartition> partitions = all.size() == commandPartitionCount.getAsInt()
                    ? all.stream().filter(p -> numbers.contains(p.partition())).toList() : all;
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = KafkaClientSettings.seekWithin(consumer, partitions, lookback);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                alive.run();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        DispatchResult result = results.decodeEvent(record.topic(), record.value());
                        // A refused command was not done: a genuine command with that id must still be.
                        if (result.getStatus() != DispatchStatus.REFUSED) {
                            // Its command expired at most a TTL after it was signed, before its result: the lookback covers that.
                            done.firstTime(result.getCommandId(), Instant.ofEpochMilli(record.timestamp()).plus(lookback), Instant.now());
                            restored++;
                        }
                    } catch (SerializationException e) {
                        LOG.warn("Skipping an undecodable result at {}-{}@{} while restoring done commands: {}",
                                record.topic(), record.partition(), record.offset(), e.getMessage());
                    }
                }
            }
        }
        LOG.info("Restored {} done command ids from {} partitions {} (lookback {})", restored, resultsTopic, numbers, lookback);
        return restored;
    }
}
