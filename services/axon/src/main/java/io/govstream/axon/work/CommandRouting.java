package io.govstream.axon.work;

import io.govstream.events.DispatchCommand;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * Where a command's record belongs: keyed by the command's correlation id (which its signature
 * covers), on the partition Kafka's default partitioner gives that key, as governance-streams writes
 * it and as Axon writes its retries and results. Every copy of a command therefore reaches the one
 * worker that holds that partition, and the results partition with the same number holds whether
 * it was done ({@link DoneCommands}): replay protection across Axon instances and rebalances rests
 * on it. A record elsewhere is a copy written around the routing, refused unread.
 */
final class CommandRouting {
    private final ToIntFunction<String> partitionCount;
    private final Map<String, Integer> counts = new HashMap<>();

    /** @param partitionCount the partition count of a topic, looked up once per topic */
    CommandRouting(ToIntFunction<String> partitionCount) {
        this.partitionCount = partitionCount;
    }

    /** The partition of {@code key} on a topic of {@code partitions}: Kafka's default partitioner's. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    boolean routed(ConsumerRecord<String, byte[]> record, DispatchCommand command) {
        String key = record.key();
        if (key == null || command.getEnvelope() == null || !key.contentEquals(command.getEnvelope().getCorrelationId())) {
            return false;
        }
        int partitions = counts.computeIfAbsent(record.topic(), partitionCount::applyAsInt);
        return record.partition() == partitionOf(key, partitions);
    }
}
