package io.govstream.bench;

import io.govstream.topology.Topics;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The limit: a Kafka Streams app with exactly the platform's I/O shape and no governance
 * logic. Per request it updates the same number of state stores (the ledger head store) and
 * writes a decision, a command for every second request, and a ledger entry, each of the
 * platform's average record size, keyed and partitioned the same way.
 */
final class BaselineTopology {
    static final String STORE = "baseline-heads";

    private BaselineTopology() {
    }

    static Topology build(Topics topics, RecordSizes sizes) {
        Topology topology = new Topology();
        topology.addSource("requests", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), topics.dispatchRequests());
        topology.addProcessor("shape", () -> new Shape(sizes), "requests");
        // The settings of the platform's ledger-heads store (LedgerAppendProcessor.headsStore()): RocksDB, record cache,
        // changelog with the default configs.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.Integer(), Serdes.ByteArray())
                .withCachingEnabled(), "shape");
        topology.addSink("decisions", topics.decisions(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), "shape");
        topology.addSink("commands", topics.axonCommands(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), "shape");
        topology.addSink("ledger", topics.ledger(), Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                (topic, key, value, partitions) -> java.util.Optional.of(java.util.Set.of(ByteBuffer.wrap(value).getInt() % partitions)),
                "shape");
        return topology;
    }

    /** Same store update, same outputs, same sizes; the ledger record's chain hash is a real SHA-256. */
    private static final class Shape extends ContextualProcessor<byte[], byte[], String, byte[]> {
        private final RecordSizes sizes;
        private final MessageDigest sha256;
        private KeyValueStore<Integer, byte[]> heads;
        private long n;

        Shape(RecordSizes sizes) {
            this.sizes = sizes;
            try {
                this.sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            super.init(context);
            this.heads = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            int partition = context().recordMetadata().orElseThrow().partition();
            String key = new String(record.key() == null ? new byte[0] : record.key(), java.nio.charset.StandardCharsets.UTF_8);
            byte[] previous = heads.get(partition);
            sha256.update(previous == null ? new byte[32] : previous);
            byte[] hash = sha256.digest(record.value());
            heads.put(partition, hash);
            context().forward(new Record<>(key, sized(sizes.decision(), partition), record.timestamp()), "decisions");
            if (n++ % 2 == 0) {
                context().forward(new Record<>(key, sized(sizes.command(), partition), record.timestamp()), "commands");
            }
            context().forward(new Record<>(key, sized(sizes.ledger(), partition), record.timestamp()), "ledger");
        }

        private static byte[] sized(int size, int partition) {
            byte[] value = new byte[Math.max(size, 4)];
            ByteBuffer.wrap(value).putInt(partition);
            return value;
        }
    }
}
