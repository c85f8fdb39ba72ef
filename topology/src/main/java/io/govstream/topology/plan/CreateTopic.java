package io.govstream.topology.plan;

import io.govstream.topology.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * Creates a missing topic with its partitions, its replication on a cluster of {@code brokers}
 * ({@link TopicSpec#replicationOn}) and its configs.
 */
record CreateTopic(TopicSpec topic, int brokers) implements Action {

    @Override
    public String describe() {
        String configs = topic.configsOn(brokers).entrySet().stream()
                .map(e -> ", " + e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining());
        return "+ topic " + topic.name() + " (" + TopicPlanner.count(topic.partitions(), "partition") + ", " + replicas(topic, brokers) + configs + ")";
    }

    @Override
    public void apply(Admin admin) throws ExecutionException, InterruptedException {
        Map<String, String> configs = topic.configsOn(brokers);
        NewTopic newTopic = new NewTopic(topic.name(), Optional.of(topic.partitions()),
                Optional.of((short) topic.replicationOn(brokers).replicas()))
                .configs(configs);
        admin.createTopics(List.of(newTopic)).all().get();
    }

    /** "3 replicas", or where the cluster is smaller than the catalogue asks, what it gets and why. */
    static String replicas(TopicSpec topic, int brokers) {
        int onCluster = topic.replicationOn(brokers).replicas();
        String count = TopicPlanner.count(onCluster, "replica");
        return onCluster == topic.replicas() ? count
                : count + " (catalogue: " + topic.replicas() + "; the cluster has " + TopicPlanner.count(brokers, "broker") + ")";
    }
}
