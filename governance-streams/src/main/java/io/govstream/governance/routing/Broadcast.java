package io.govstream.governance.routing;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Broadcast inside the topology: what every task must hold (policy sets, feature flags, erasure
 * requests) is written once, by any producer, to any partition of its topic, and the topology copies
 * it to every partition of a repartition topic ({@code <application.id>-<name>-repartition}) with a
 * multicasting {@link StreamPartitioner}. Task <i>p</i> reads partition <i>p</i> of that copy beside
 * the requests it decides, and applies and ledgers the record on its own chain.
 *
 * <p>The copies are written in the transaction that commits the source offset (exactly once), in
 * the source partition's order; Streams purges the repartition topic once every task has read it.
 * Each copy carries where the record was written ({@link #ORIGIN_HEADER}, set here, so a producer
 * cannot forge it): a rejected record is dead-lettered under the topic, partition and offset its
 * producer wrote, not the copy's.
 */
public final class Broadcast {
    /** {@code <topic>/<partition>/<offset>} of the record a copy was made from. */
    public static final String ORIGIN_HEADER = "govstream-origin";

    private Broadcast() {
    }

    /**
     * {@code stream} copied to every task, through the repartition topic {@code name} of {@code tasks}
     * partitions (the requests topic's), whatever the source topic's partition count. A record
     * without a key travels under {@code keyOfNull} (a repartition drops null keys; the receiving
     * processors judge such a record as they would have). Node names: {@code <name>-key},
     * {@code <name>-origin} and the repartition's.
     */
    public static <K, V> KStream<K, V> toEveryTask(KStream<K, V> stream, String name, int tasks, Serde<K> keySerde,
                                                   Serde<V> valueSerde, K keyOfNull) {
        return stream.selectKey((key, value) -> key == null ? keyOfNull : key, Named.as(name + "-key"))
                .processValues(StampOrigin<K, V>::new, Named.as(name + "-origin"))
                .repartition(Repartitioned.with(keySerde, valueSerde).withName(name).withNumberOfPartitions(tasks)
                        .withStreamPartitioner(new EveryPartition<>()));
    }

    /**
     * Where the record being processed was written by its producer: the origin header of a
     * broadcast copy (removed from {@code headers}, so it goes no further), else the record's own
     * metadata.
     */
    public static RecordMetadata origin(ProcessorContext<?, ?> context, Headers headers) {
        Header header = headers.lastHeader(ORIGIN_HEADER);
        if (header != null) {
            headers.remove(ORIGIN_HEADER);
            return parse(new String(header.value(), StandardCharsets.UTF_8));
        }
        return context.recordMetadata()
                .orElseThrow(() -> new StreamsException("A record must name its source, but there is no metadata"));
    }

    /** Removes the origin header from a copy whose consumers do not need it. */
    public static <K, V> KStream<K, V> withoutOrigin(KStream<K, V> copies, String name) {
        return copies.processValues(DropOrigin<K, V>::new, Named.as(name));
    }

    static String format(RecordMetadata source) {
        return source.topic() + "/" + source.partition() + "/" + source.offset();
    }

    static RecordMetadata parse(String origin) {
        int offsetAt = origin.lastIndexOf('/');
        int partitionAt = offsetAt < 0 ? -1 : origin.lastIndexOf('/', offsetAt - 1);
        if (partitionAt <= 0) {
            throw new StreamsException("malformed " + ORIGIN_HEADER + " header: " + origin);
        }
        String topic = origin.substring(0, partitionAt);
        int partition = Integer.parseInt(origin.substring(partitionAt + 1, offsetAt));
        long offset = Long.parseLong(origin.substring(offsetAt + 1));
        return new Origin(topic, partition, offset);
    }

    private record Origin(String topic, int partition, long offset) implements RecordMetadata {
    }

    /** Every partition of the topic, whatever the record. */
    static final class EveryPartition<K, V> implements StreamPartitioner<K, V> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, K key, V value, int numPartitions) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet()));
        }
    }

    /** Sets the origin header from the source record's metadata, replacing any a producer sent. */
    private static final class StampOrigin<K, V> extends ContextualFixedKeyProcessor<K, V, V> {
        @Override
        public void process(FixedKeyRecord<K, V> record) {
            RecordMetadata source = context().recordMetadata()
                    .orElseThrow(() -> new StreamsException("A broadcast record must name its source, but there is no metadata"));
            record.headers().remove(ORIGIN_HEADER);
            record.headers().add(ORIGIN_HEADER, format(source).getBytes(StandardCharsets.UTF_8));
            context().forward(record);
        }
    }

    private static final class DropOrigin<K, V> extends ContextualFixedKeyProcessor<K, V, V> {
        @Override
        public void process(FixedKeyRecord<K, V> record) {
            record.headers().remove(ORIGIN_HEADER);
            context().forward(record);
        }
    }
}
