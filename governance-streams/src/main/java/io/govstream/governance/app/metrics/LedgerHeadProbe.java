package io.govstream.governance.app.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's position, refreshed in the background with the Admin client:
 *
 * <ul>
 *   <li>{@code governance_ledger_head_offset{partition}}: the committed end offset of each ledger
 *       partition (the offset the next entry will get), NaN until first read;</li>
 *   <li>{@code governance_ledger_checkpoint_age_seconds}: age of the newest signed checkpoint, from
 *       the largest record timestamp on the checkpoints topic (the broker answers it without a
 *       read); NaN while there is none.</li>
 * </ul>
 */
public final class LedgerHeadProbe implements MeterBinder, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerHeadProbe.class);

    private final Admin admin;
    private final String ledgerTopic;
    private final Duration interval;
    private final Map<Integer, Double> heads = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private MeterRegistry registry;

    private final String checkpointsTopic;
    private volatile double newestCheckpointMillis = Double.NaN;

    public LedgerHeadProbe(Admin admin, String ledgerTopic, String checkpointsTopic, Duration interval) {
        this.admin = admin;
        this.ledgerTopic = ledgerTopic;
        this.checkpointsTopic = checkpointsTopic;
        this.interval = interval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ledger-head-probe");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("governance.ledger.checkpoint.age",
                        () -> Double.isNaN(newestCheckpointMillis) ? Double.NaN : (System.currentTimeMillis() - newestCheckpointMillis) / 1000.0)
                .description("Seconds since the newest signed ledger checkpoint; NaN while there is none")
                .baseUnit("seconds")
                .register(registry);
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            heads.replaceAll((p, v) -> Double.NaN);
            LOG.debug("Could not read the ledger heads of {}: {}", ledgerTopic, e.toString());
        }
    }

    private void refresh() throws Exception {
        admin.listOffsets(everyPartition(checkpointsTopic, OffsetSpec.maxTimestamp())).all().get(10, TimeUnit.SECONDS).values().stream()
                .filter(info -> info.offset() >= 0 && info.timestamp() >= 0)
                .mapToLong(info -> info.timestamp()).max()
                .ifPresent(t -> newestCheckpointMillis = t);
        admin.listOffsets(everyPartition(ledgerTopic, OffsetSpec.latest()), new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all().get(10, TimeUnit.SECONDS)
                .forEach((tp, info) -> {
                    if (heads.put(tp.partition(), (double) info.offset()) == null) {
                        Gauge.builder("governance.ledger.head.offset", heads, m -> m.getOrDefault(tp.partition(), Double.NaN))
                                .description("Committed end offset of the ledger partition: where its next entry goes")
                                .tag("partition", Integer.toString(tp.partition()))
                                .strongReference(true)
                                .register(registry);
                    }
                });
    }

    private Map<TopicPartition, OffsetSpec> everyPartition(String topic, OffsetSpec spec) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
        return description.partitions().stream().collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> spec));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
