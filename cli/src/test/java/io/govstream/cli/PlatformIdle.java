package io.govstream.cli;

import org.awaitility.Awaitility;

import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.governance.GovernanceStreamsConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until a running platform has nothing in flight: governance-streams has committed past
 * every record of every partition it reads, and then so has Axon. On a shared platform a test
 * that measures a counter's change across its own traffic waits for this first, so that work a
 * test before it left in flight (a command Axon had not done yet) is not counted as its own.
 */
public final class PlatformIdle {
    private static final String AXON_GROUP = "axon";

    private PlatformIdle() {
    }

    public static void await(EmbeddedPlatform platform) {
        try (Admin admin = Admin.create(platform.adminClientProperties())) {
            // Governance first: once it is idle no new command appears, so an idle Axon after it stays idle.
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> lag(admin, GovernanceStreamsConfig.APPLICATION_ID) == 0);
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> lag(admin, AXON_GROUP) == 0);
        }
    }

    /**
     * Records of the partitions assigned to a group's members that its committed offsets have not
     * passed yet (read_committed end offsets; both processes commit their position, which is past
     * transaction markers). A group without members counts as busy.
     */
    static long lag(Admin admin, String group) throws ExecutionException, InterruptedException {
        ConsumerGroupDescription description = admin.describeConsumerGroups(Set.of(group)).all().get().get(group);
        Set<TopicPartition> assigned = new HashSet<>();
        for (MemberDescription member : description.members()) {
            assigned.addAll(member.assignment().topicPartitions());
        }
        if (assigned.isEmpty()) {
            return Long.MAX_VALUE;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        assigned.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        assigned.forEach(p -> earliest.put(p, OffsetSpec.earliest()));
        ListOffsetsOptions readCommitted = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        var ends = admin.listOffsets(latest, readCommitted).all().get();
        var starts = admin.listOffsets(earliest, readCommitted).all().get();
        long lag = 0;
        for (TopicPartition p : assigned) {
            OffsetAndMetadata at = committed.get(p);
            // Never committed: every record still there is unread.
            long from = at == null ? starts.get(p).offset() : at.offset();
            lag += Math.max(0, ends.get(p).offset() - from);
        }
        return lag;
    }
}
