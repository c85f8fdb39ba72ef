package io.govstream.bench;

import io.govstream.events.DeadLetter;
import io.govstream.governance.GovernanceStreamsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * One Kafka Streams app under test, with its own application id and state, and governance-streams'
 * settings ({@link GovernanceStreamsConfig}: exactly_once_v2, exception handlers, dead letters) on
 * both sides: the platform and the baseline differ only in their topology.
 */
final class StreamsRun implements AutoCloseable {
    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);

    StreamsRun(Topology topology, Map<String, Object> client, String applicationId, Path stateDir, int commitIntervalMs,
               String deadLetterTopic, Serde<DeadLetter> deadLetterSerde) {
        Map<String, Object> app = new HashMap<>(client);
        app.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        Properties props = GovernanceStreamsConfig.properties(app, stateDir, deadLetterTopic, deadLetterSerde);
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
        startWithoutWaiting();
        awaitRunning();
        return this;
    }

    void startWithoutWaiting() {
        streams.start();
    }

    void awaitRunning() throws InterruptedException {
        if (!running.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the benchmark app did not reach RUNNING within 120 s (state " + streams.state() + ")");
        }
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        streams.cleanUp();
    }
}
