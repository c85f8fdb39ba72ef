package io.govstream.ledger;

import io.govstream.events.LedgerEntry;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.StreamPartitioner;

/** Sends each ledger entry to the partition whose chain it extends, never anywhere else. */
public final class LedgerPartitioner<K> implements StreamPartitioner<K, LedgerEntry> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, K key, LedgerEntry entry, int numPartitions) {
        int partition = entry.getPartition();
        if (partition < 0 || partition >= numPartitions) {
            // The ledger must have as many partitions as the input it records; writing elsewhere would fork a chain.
            throw new StreamsException("Ledger entry for partition " + partition + " but topic " + topic + " has "
                    + numPartitions + " partitions: the ledger must have the same partition count as its input");
        }
        return Optional.of(Set.of(partition));
    }
}
