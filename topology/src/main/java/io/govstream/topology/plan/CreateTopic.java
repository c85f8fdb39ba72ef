package io.govstream.topology.plan;

import io.govstream.topology.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/** Creates a missing topic with its partitions and configs; the replication factor is the cluster's default. */
record CreateTopic(TopicSpec topic) implements Action {

    @Override
    public Phase phase() {
        return Phase.CREATE;
    }

    @Override
    public String describe() {
        String configs = topic.configs().entrySet().stream()
                .map(e -> ", " + e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining());
        return "+ topic " + topic.name() + " (" + topic.partitions() + " partitions" + configs + ")";
    }

    @Override
    public void apply(Admin admin) throws ExecutionException, InterruptedException {
        NewTopic newTopic = new NewTopic(topic.name(), Optional.of(topic.partitions()), Optional.empty())
                .configs(topic.configs());
        admin.createTopics(List.of(newTopic)).all().get();
    }
}
