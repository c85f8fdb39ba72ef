package io.govstream.ledger.gdpr;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Deletes, from the transit topics (requests, votes, commands, results: records that may name
 * people in clear and whose lasting copy is the ledger's, encrypted), every record written before an
 * erasure that every reader has processed. For each partition the cut is the lowest of: the first
 * offset at or after {@code before} (records written later are new data, not the erased past), the
 * last stable offset (no open transaction is cut), and the committed offset of every consumer group
 * that reads the partition (no group loses a record it has not processed). Kafka deletes whole
 * prefixes only ({@code Admin.deleteRecords}), so other people's processed records go too: they were
 * transit data, recorded in the ledger.
 */
public final class TransitPurge {

    /** What happened to one partition: offsets [{@code from}, {@code to}) deleted; {@code heldBy} a group that kept the cut lower. */
    public record Cut(TopicPartition partition, long from, long to, long wanted, String heldBy) {
        public long purged() {
            return Math.max(0, to - from);
        }

        /** Offsets written before the erasure that stay because a reader has not processed them yet. */
        public long kept() {
            return Math.max(0, wanted - Math.max(from, to));
        }
    }

    private final Admin admin;
    private final Duration timeout;

    public TransitPurge(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Purges {@code topics} (those that do not exist are skipped) of what was written before {@code before}. */
    public List<Cut> purge(Collection<String> topics, Instant before) {
        try {
            List<TopicPartition> partitions = partitionsOf(topics);
            if (partitions.isEmpty()) {
                return List.of();
            }
            Map<TopicPartition, Long> earliest = offsets(partitions, OffsetSpec.earliest(), IsolationLevel.READ_UNCOMMITTED);
            Map<TopicPartition, Long> stable = offsets(partitions, OffsetSpec.latest(), IsolationLevel.READ_COMMITTED);
            Map<TopicPartition, Long> atTime = offsets(partitions, OffsetSpec.forTimestamp(before.toEpochMilli()),
                    IsolationLevel.READ_UNCOMMITTED);
            Map<TopicPartition, Long> wanted = partitions.stream().collect(Collectors.toMap(p -> p, p -> {
                long time = atTime.getOrDefault(p, -1L);
                return Math.min(time < 0 ? stable.get(p) : time, stable.get(p));
            }));
            Map<TopicPartition, Long> cut = new HashMap<>(wanted);
            Map<TopicPartition, String> heldBy = new HashMap<>();
            Set<TopicPartition> ours = Set.copyOf(partitions);
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                committed.forEach((p, offset) -> {
                    if (offset != null && ours.contains(p) && offset.offset() < cut.get(p)) {
                        cut.put(p, offset.offset());
                        heldBy.put(p, group.groupId());
                    }
                });
            }
            Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
            List<Cut> result = new ArrayList<>();
            for (TopicPartition p : partitions) {
                long from = earliest.get(p);
                long to = Math.max(from, cut.get(p));
                if (to > from) {
                    deletions.put(p, RecordsToDelete.beforeOffset(to));
                }
                result.add(new Cut(p, from, to, wanted.get(p), heldBy.get(p)));
            }
            if (!deletions.isEmpty()) {
                admin.deleteRecords(deletions).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            return result;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot purge the transit topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot purge the transit topics: no answer from the cluster within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while purging the transit topics", e);
        }
    }

    /** The repartition topics of a Kafka Streams application: {@code <application.id>-<name>-repartition}. */
    public static List<String> repartitionTopics(Admin admin, String applicationId, Duration timeout) {
        try {
            return admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
                    .filter(t -> t.startsWith(applicationId + "-") && t.endsWith("-repartition")).sorted().toList();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list the topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot list the topics: no answer from the cluster within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing the topics", e);
        }
    }

    private List<TopicPartition> partitionsOf(Collection<String> topics) throws InterruptedException, TimeoutException,
            ExecutionException {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : new TreeSet<>(topics)) {
            try {
                admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic)
                        .partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        return partitions;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec, IsolationLevel isolation)
            throws InterruptedException, TimeoutException, ExecutionException {
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer = admin
                .listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> spec)), new ListOffsetsOptions(isolation))
                .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return answer.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
