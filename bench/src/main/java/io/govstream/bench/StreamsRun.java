package io.govstream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/** One Kafka Streams app under test, exactly_once_v2, with its own application id and state. */
final class StreamsRun implements AutoCloseable {
    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);

    StreamsRun(Topology topology, Map<String, Object> client, String applicationId, Path stateDir, int commitIntervalMs) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        streams = new KafkaStreams(topology, props);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
    }

    /** Starts the app and returns once it is RUNNING. */
    StreamsRun start() throws InterruptedException {
        streams.start();
        if (!running.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the benchmark app did not reach RUNNING within 120 s (state " + streams.state() + ")");
        }
        return this;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        streams.cleanUp();
    }
}
