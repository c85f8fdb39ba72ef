package io.govstream.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the decisions topic as a downstream user would (read_committed) and records, per
 * decision, when it became readable and how long after its request was produced.
 */
final class OutputCounter implements AutoCloseable {
    final AtomicLong count = new AtomicLong();
    volatile long firstAtNanos;
    volatile long lastAtNanos;
    private final Recorder latency = new Recorder(3);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long measureFromMillis = Long.MAX_VALUE;

    OutputCounter(Map<String, Object> client, String topic) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        if (count.getAndIncrement() == 0) {
                            firstAtNanos = now;
                        }
                        lastAtNanos = now;
                        if (record.timestamp() >= measureFromMillis) {
                            latency.recordValue(Math.max(0, System.currentTimeMillis() - record.timestamp()) * 1000);
                        }
                    }
                }
            }
        }, "bench-counter-" + topic);
        thread.start();
    }

    /** Latencies of requests produced from now on count; earlier ones are warm-up. */
    void measureFrom(long epochMillis) {
        latency.reset();
        measureFromMillis = epochMillis;
    }

    /** Request → readable decision latencies in microseconds. */
    Histogram latencies() {
        return latency.getIntervalHistogram();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
