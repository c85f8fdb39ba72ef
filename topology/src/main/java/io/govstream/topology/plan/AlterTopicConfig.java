package io.govstream.topology.plan;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/** Brings a topic's configs back to the catalogue's, all changes of one topic in one request. */
record AlterTopicConfig(String topic, List<ConfigChange> changes) implements Action {

    AlterTopicConfig {
        changes = List.copyOf(changes);
    }

    @Override
    public String describe() {
        return "~ topic " + topic + ": " + changes.stream().map(ConfigChange::describe).collect(Collectors.joining(", "));
    }

    @Override
    public void apply(Admin admin) throws ExecutionException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        admin.incrementalAlterConfigs(Map.of(resource, changes.stream().map(ConfigChange::toOp).toList())).all().get();
    }
}
