package io.govstream.topology.plan;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;

import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Grows a topic; keys then map to different partitions, which is why it is shown as a change. */
record AddPartitions(String topic, int from, int to) implements Action {

    @Override
    public String describe() {
        return "~ topic " + topic + ": partitions " + from + " -> " + to;
    }

    @Override
    public void apply(Admin admin) throws ExecutionException, InterruptedException {
        admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(to))).all().get();
    }
}
