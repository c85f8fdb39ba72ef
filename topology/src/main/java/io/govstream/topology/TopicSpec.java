package io.govstream.topology;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One topic of the catalogue.
 *
 * @param role        what the platform uses it for; apps look topics up by role, never by name
 * @param name        the Kafka topic name
 * @param partitions  partition count
 * @param replicas    copies of each partition on a cluster of that many brokers or more; a smaller cluster keeps one
 *                    per broker ({@link #replicationOn})
 * @param minInSyncReplicas replicas that must have a record before a write with {@code acks=all} succeeds
 *                    ({@code min.insync.replicas}), at most the replicas the topic has
 * @param configs     topic-level configs that differ from, or must not drift from, broker defaults
 * @param valueSchema full name of the Avro value schema, or null where none is registered yet
 * @param purgedOnErasure a transit topic whose records may name people in clear (requests, votes, commands):
 *                    {@code govctl ledger erase} deletes its records that every reader has processed
 *                    ({@code erasure: purge} in the catalogue)
 */
public record TopicSpec(String role, String name, int partitions, int replicas, int minInSyncReplicas,
                        Map<String, String> configs, String valueSchema, boolean purgedOnErasure) {

    /** The config that {@link #minInSyncReplicas} sets on the topic. */
    public static final String MIN_IN_SYNC = "min.insync.replicas";

    /** What a topic gets on a cluster of some number of brokers. */
    public record Replication(int replicas, int minInSyncReplicas) {
    }

    public TopicSpec {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(name, "name");
        if (replicas < 1 || minInSyncReplicas < 1 || minInSyncReplicas > replicas) {
            throw new IllegalArgumentException("topic " + name + ": replicas must be at least 1 and min-insync-replicas 1.."
                    + "replicas, were " + replicas + " and " + minInSyncReplicas);
        }
        // Sorted, so plans and descriptions list configs in a stable order.
        configs = configs == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(configs));
    }

    /**
     * The replication this topic gets on a cluster of {@code brokers}: the catalogue's, or one
     * replica per broker where there are fewer brokers (a single-node cluster keeps one copy and
     * needs one in sync); the in-sync minimum never exceeds the replicas.
     */
    public Replication replicationOn(int brokers) {
        int onCluster = Math.max(1, Math.min(replicas, brokers));
        return new Replication(onCluster, Math.min(minInSyncReplicas, onCluster));
    }

    /** The topic-level configs on a cluster of {@code brokers}: the catalogue's and {@value #MIN_IN_SYNC}. */
    public Map<String, String> configsOn(int brokers) {
        Map<String, String> all = new TreeMap<>(configs);
        all.put(MIN_IN_SYNC, String.valueOf(replicationOn(brokers).minInSyncReplicas()));
        return java.util.Collections.unmodifiableMap(all);
    }
}
