package io.govstream.bench;

import io.govstream.topology.Topics;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The platform's average output record sizes, measured on sample requests, so the baseline writes the same bytes. */
record RecordSizes(int decision, int command, int ledger) {

    static RecordSizes measure(Topics topics, org.apache.kafka.streams.Topology platform, Requests requests) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-sizes");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(platform, props)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(topics.dispatchRequests(), Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            int samples = 200;
            for (int n = 0; n < samples; n++) {
                String id = Requests.id();
                in.pipeInput(id, requests.encode(id, n, Instant.now()));
            }
            return new RecordSizes(average(driver, topics.decisions()), average(driver, topics.axonCommands()),
                    average(driver, topics.ledger()));
        }
    }

    private static int average(TopologyTestDriver driver, String topic) {
        return (int) driver.createOutputTopic(topic, Serdes.String().deserializer(), Serdes.ByteArray().deserializer())
                .readValuesToList().stream().mapToInt(v -> v.length).average().orElseThrow(
                        () -> new IllegalStateException("the platform wrote nothing to a benchmark topic"));
    }
}
