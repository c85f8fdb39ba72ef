package io.govstream.topology.plan;

import io.govstream.topology.Catalogue;
import io.govstream.topology.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/** Topics: create the missing, grow partitions, bring configs back to the catalogue. Never deletes a topic. */
final class TopicPlanner {

    private TopicPlanner() {
    }

    static void plan(Admin admin, Catalogue catalogue, PlanBuilder plan) throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        int brokers = admin.describeCluster().nodes().get().size();
        plan.brokers(brokers);
        List<TopicSpec> present = new ArrayList<>();
        for (TopicSpec topic : catalogue.topics()) {
            if (existing.contains(topic.name())) {
                present.add(topic);
            } else {
                plan.add(new CreateTopic(topic, brokers));
            }
        }
        if (present.isEmpty()) {
            return;
        }
        List<String> names = present.stream().map(TopicSpec::name).toList();
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
        Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList()).all().get();
        for (TopicSpec topic : present) {
            TopicDescription description = descriptions.get(topic.name());
            planPartitions(topic, description.partitions().size(), plan);
            planReplicas(topic, description, brokers, plan);
            Config current = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
            ConfigEntry minInSync = current.get(TopicSpec.MIN_IN_SYNC);
            plan.topic(String.format("%-42s %s, %s, %s=%s", topic.name(), count(description.partitions().size(), "partition"),
                    count(fewestReplicas(description), "replica"), TopicSpec.MIN_IN_SYNC, minInSync == null ? "?" : minInSync.value()));
            planConfigs(topic, topic.configsOn(brokers), current, plan);
        }
    }

    private static void planPartitions(TopicSpec topic, int current, PlanBuilder plan) {
        if (current < topic.partitions()) {
            plan.add(new AddPartitions(topic.name(), current, topic.partitions()));
        } else if (current > topic.partitions()) {
            plan.error("topic " + topic.name() + " has " + current + " partitions, the catalogue says " + topic.partitions()
                    + ": Kafka cannot remove partitions; raise the catalogue's count or recreate the topic by hand");
        }
    }

    /**
     * Fewer replicas than the catalogue asks on this cluster is an error: a config cannot change it, a partition
     * reassignment can (kafka-reassign-partitions), and moving data between brokers is for a person to decide.
     */
    private static void planReplicas(TopicSpec topic, TopicDescription description, int brokers, PlanBuilder plan) {
        int wanted = topic.replicationOn(brokers).replicas();
        int fewest = fewestReplicas(description);
        if (fewest < wanted) {
            plan.error("topic " + topic.name() + " has " + count(fewest, "replica") + " of a partition, the catalogue asks "
                    + CreateTopic.replicas(topic, brokers) + ": reassign its partitions (kafka-reassign-partitions) to add replicas");
        }
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static int fewestReplicas(TopicDescription description) {
        return description.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
    }

    private static void planConfigs(TopicSpec topic, Map<String, String> wanted, Config current, PlanBuilder plan) {
        List<ConfigChange> changes = new ArrayList<>();
        wanted.forEach((key, target) -> {
            ConfigEntry entry = current.get(key);
            String value = entry == null ? null : entry.value();
            if (!target.equals(value)) {
                changes.add(new ConfigChange(key, value, target));
            }
        });
        // A value set on the topic by hand but absent from the catalogue is drift too: revert it to the default.
        for (ConfigEntry entry : current.entries()) {
            if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG && !wanted.containsKey(entry.name())) {
                changes.add(new ConfigChange(entry.name(), entry.value(), null));
            }
        }
        if (!changes.isEmpty()) {
            plan.add(new AlterTopicConfig(topic.name(), changes));
        }
    }
}
