package io.govstream.runtime.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code govstream_consumer_lag_records{group,topic}}: how many committed records of each topic a
 * consumer group has not yet committed past, summed over the topic's partitions (end offset
 * at read_committed minus the group's committed offset; a partition the group never committed
 * counts from its first offset). Refreshed in the background every {@code interval} with the
 * Admin client, so a scrape never waits on Kafka; NaN until the first refresh or while Kafka
 * does not answer. Needs DESCRIBE on the group and the topics, which a consumer's READ implies.
 */
public final class ConsumerLagProbe implements MeterBinder, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLagProbe.class);

    private final Admin admin;
    private final String group;
    private final List<String> topics;
    private final Duration interval;
    private final Map<String, Double> lags = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;

    public ConsumerLagProbe(Admin admin, String group, List<String> topics, Duration interval) {
        this.admin = admin;
        this.group = group;
        this.topics = List.copyOf(topics);
        this.interval = interval;
        topics.forEach(t -> lags.put(t, Double.NaN));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "consumer-lag-" + group);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String topic : topics) {
            Gauge.builder("govstream.consumer.lag", lags, m -> m.getOrDefault(topic, Double.NaN))
                    .description("Records of the topic the consumer group has not committed yet")
                    .baseUnit("records")
                    .tag("group", group)
                    .tag("topic", topic)
                    .strongReference(true)
                    .register(registry);
        }
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refreshQuietly() {
        try {
            lags.putAll(measure());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            topics.forEach(t -> lags.put(t, Double.NaN));
            LOG.debug("Could not measure the lag of consumer group {}: {}", group, e.toString());
        }
    }

    /** Lag per topic now; blocks on the Admin client. */
    public Map<String, Double> measure() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(p -> {
            TopicPartition tp = new TopicPartition(d.name(), p.partition());
            latest.put(tp, OffsetSpec.latest());
            earliest.put(tp, OffsetSpec.earliest());
        }));
        ListOffsetsOptions committedOnly = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest, committedOnly)
                .all().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(earliest, committedOnly)
                .all().get(10, TimeUnit.SECONDS);
        Map<String, Double> result = new HashMap<>();
        topics.forEach(t -> result.put(t, 0.0));
        ends.forEach((tp, end) -> {
            OffsetAndMetadata at = committed.get(tp);
            long from = at != null ? at.offset() : starts.get(tp).offset();
            result.merge(tp.topic(), (double) Math.max(0, end.offset() - from), Double::sum);
        });
        return result;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
