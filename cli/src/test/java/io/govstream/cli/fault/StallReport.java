package io.govstream.cli.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * What a cluster looks like when a fault test's work stalls, for the failure message: each partition whose last stable
 * offset is behind its high watermark (a transaction holds back read_committed readers there), each consumer group's
 * partitions with committed offsets behind the last stable offset (input it has not finished), and every transaction
 * that is not complete. What the broker knows, read once, so a stall that the logs do not explain can be told apart.
 */
final class StallReport {
    private static final Set<String> COMPLETE = Set.of("Empty", "CompleteCommit", "CompleteAbort", "Dead");

    private StallReport() {
    }

    static String of(Map<String, Object> adminProperties) {
        List<String> lines = new ArrayList<>();
        try (Admin admin = Admin.create(adminProperties)) {
            Map<TopicPartition, Long> stable = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
            Map<TopicPartition, Long> high = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
            Set<String> topics = admin.listTopics().names().get();
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(t -> t.partitions().stream().map(TopicPartitionInfo::partition).map(p -> new TopicPartition(t.name(), p)))
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get().forEach((tp, o) -> stable.put(tp, o.offset()));
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get().forEach((tp, o) -> high.put(tp, o.offset()));
            stable.forEach((tp, lso) -> {
                if (lso < high.get(tp)) {
                    lines.add("held: " + tp + " last stable offset " + lso + " < high watermark " + high.get(tp));
                }
            });
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get();
                committed.forEach((tp, at) -> {
                    if (at != null && stable.containsKey(tp) && at.offset() < stable.get(tp)) {
                        lines.add("behind: group " + group.groupId() + " " + tp + " committed " + at.offset() + " < " + stable.get(tp));
                    }
                });
            }
            List<String> open = admin.listTransactions().all().get().stream().filter(t -> !COMPLETE.contains(t.state().toString()))
                    .map(TransactionListing::transactionalId).toList();
            if (!open.isEmpty()) {
                for (Map.Entry<String, TransactionDescription> t : admin.describeTransactions(open).all().get().entrySet()) {
                    lines.add("transaction: " + t.getKey() + " " + t.getValue().state() + " since "
                            + java.time.Instant.ofEpochMilli(t.getValue().transactionStartTimeMs().orElse(0)) + " on " + t.getValue().topicPartitions());
                }
            }
        } catch (Exception e) {
            lines.add("(the cluster could not be read: " + e + ")");
        }
        return lines.isEmpty() ? "nothing held, behind or open" : String.join("\n", lines);
    }
}
