package io.govstream.registry.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's records on a compacted, single-partition Kafka topic, as Confluent Schema
 * Registry keeps them. On start a reader thread reads the topic from its first offset and keeps
 * following it; the store is ready once it has read up to the end offset seen at start. A write
 * is produced (acks=all, idempotent) and answered only after the reader has applied it.
 *
 * <p>The reader uses {@code assign()} without a group: the registry principal needs READ and
 * WRITE on the topic only, no group ACL.
 */
public final class KafkaSchemaStore implements SchemaStore {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaStore.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String topic;
    private final TopicPartition partition;
    private final Duration timeout;
    private final RegistryState state = new RegistryState();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Thread reader;
    private final Object writeLock = new Object();
    private final Object progress = new Object();
    private final long endOffsetAtStart;
    // Guarded by progress.
    private long position;
    private boolean ready;
    private RuntimeException failure;
    private volatile boolean closing;

    private KafkaSchemaStore(Map<String, Object> kafka, String topic, Duration timeout) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.timeout = timeout;
        this.consumer = new KafkaConsumer<>(consumerProperties(kafka));
        KafkaProducer<byte[], byte[]> createdProducer = null;
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                throw new StoreException("Topic " + topic + " does not exist: create it compacted with one partition"
                        + " (cleanup.policy=compact) before starting the registry", null);
            }
            if (partitions.size() != 1) {
                throw new StoreException("Topic " + topic + " has " + partitions.size()
                        + " partitions; the registry needs exactly one so that records keep their order", null);
            }
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            this.endOffsetAtStart = consumer.endOffsets(List.of(partition), timeout).get(partition);
            createdProducer = new KafkaProducer<>(producerProperties(kafka));
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e instanceof StoreException se ? se
                    : new StoreException("Cannot open schema topic " + topic + ": " + e.getMessage(), e);
        }
        this.producer = createdProducer;
        this.reader = new Thread(this::readLoop, "registry-store-reader-" + topic);
        this.reader.setDaemon(true);
    }

    /**
     * Opens {@code topic} with the Kafka client settings {@code kafka} (passed to the clients
     * as they are) and starts reading it. Returns at once; see {@link #awaitReady}.
     *
     * @param timeout how long metadata requests, writes and read-backs may take
     */
    public static KafkaSchemaStore start(Map<String, Object> kafka, String topic, Duration timeout) {
        KafkaSchemaStore store = new KafkaSchemaStore(kafka, topic, timeout);
        LOG.info("Reading schema topic {} up to offset {}", topic, store.endOffsetAtStart);
        store.reader.start();
        return store;
    }

    @Override
    public RegistryState state() {
        return state;
    }

    @Override
    public void append(List<StoreRecord> records) {
        long deadline = System.nanoTime() + timeout.toNanos();
        awaitReady(timeout);
        synchronized (writeLock) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (StoreRecord record : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, 0, StoreRecordCodec.key(record), StoreRecordCodec.value(record))));
            }
            long last = -1;
            for (Future<RecordMetadata> future : sent) {
                try {
                    last = Math.max(last, future.get(remainingNanos(deadline), TimeUnit.NANOSECONDS).offset());
                } catch (ExecutionException e) {
                    throw new StoreException("Cannot write to schema topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
                } catch (TimeoutException e) {
                    throw new StoreException("Writing to schema topic " + topic + " took longer than " + timeout, e, true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("Interrupted while writing to schema topic " + topic, e);
                }
            }
            awaitPosition(last + 1, deadline);
        }
    }

    @Override
    public boolean isReady() {
        synchronized (progress) {
            return ready && failure == null;
        }
    }

    @Override
    public void awaitReady(Duration wait) {
        await(() -> ready, System.nanoTime() + wait.toNanos(),
                () -> "reading schema topic " + topic + " up to offset " + endOffsetAtStart + " (at " + position + ")");
    }

    @Override
    public String description() {
        return "Kafka topic " + topic;
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            reader.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(timeout); // the reader closes the consumer on its way out
    }

    private void awaitPosition(long offset, long deadline) {
        await(() -> position >= offset, deadline, () -> "reading back offset " + (offset - 1) + " of schema topic " + topic);
    }

    /** Waits until {@code reached} (checked holding progress) or the reader fails. */
    private void await(BooleanSupplier reached, long deadline, Supplier<String> what) {
        synchronized (progress) {
            while (!reached.getAsBoolean() && failure == null) {
                waitUntil(deadline, what.get());
            }
            if (failure != null) {
                throw new StoreException("Schema topic " + topic + " cannot be read: " + failure.getMessage(), failure);
            }
        }
    }

    // Caller holds progress.
    private void waitUntil(long deadline, String what) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new StoreException("Timed out " + what, null, true);
        }
        try {
            TimeUnit.NANOSECONDS.timedWait(progress, remaining);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while " + what, e);
        }
    }

    private void readLoop() {
        try {
            while (!closing) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    apply(record);
                }
                long next = consumer.position(partition);
                synchronized (progress) {
                    position = next;
                    if (!ready && next >= endOffsetAtStart) {
                        ready = true;
                        LOG.info("Schema topic {} read up to offset {}: registry ready", topic, next);
                    }
                    progress.notifyAll();
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                fail(e);
            }
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            consumer.close(Duration.ZERO);
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            LOG.warn("Skipping record without key at offset {} of schema topic {}", record.offset(), topic);
            return;
        }
        try {
            StoreRecordCodec.decode(record.key(), record.value()).ifPresent(state::apply);
        } catch (IllegalArgumentException e) {
            // One unreadable record must not make every schema unavailable.
            LOG.warn("Skipping unreadable record at offset {} of schema topic {}: {}", record.offset(), topic, e.getMessage());
        }
    }

    private void fail(RuntimeException e) {
        LOG.error("Stopped reading schema topic {}: {}", topic, e.toString(), e);
        synchronized (progress) {
            failure = e;
            progress.notifyAll();
        }
    }

    private static long remainingNanos(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static Map<String, Object> consumerProperties(Map<String, Object> kafka) {
        Map<String, Object> props = new HashMap<>(kafka);
        // No group: offsets are never committed and the principal needs no group ACL.
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A missing topic is an error to report, not one to create with the broker's defaults (not compacted).
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "govstream-registry-reader");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    private static Map<String, Object> producerProperties(Map<String, Object> kafka) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "govstream-registry-writer");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }
}
