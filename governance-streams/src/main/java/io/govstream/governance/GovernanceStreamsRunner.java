package io.govstream.governance;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a governance topology: builds the {@link KafkaStreams} client, starts and closes it, and
 * tells its state (for health checks). Lifecycle only; the topology is built elsewhere.
 *
 * <p>An exception that escapes a stream thread shuts the client down (state ERROR) rather than
 * replacing the thread: a task that failed to append to the ledger would fail again, and an
 * unhealthy process is what operators and health checks should see.
 */
public final class GovernanceStreamsRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GovernanceStreamsRunner.class);

    private final Topology topology;
    private final KafkaStreams streams;

    public GovernanceStreamsRunner(Topology topology, Properties properties) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.streams = new KafkaStreams(topology, Objects.requireNonNull(properties, "properties"));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("governance-streams stream thread failed; shutting the client down", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    }

    /** Starts processing; returns at once (the client becomes RUNNING after its first rebalance). */
    public void start() {
        LOG.info("Starting governance-streams with topology:\n{}", topology.describe());
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    public String describeTopology() {
        return topology.describe().toString();
    }

    /** The client itself, for metrics and interactive queries. */
    public KafkaStreams streams() {
        return streams;
    }

    /**
     * Stops processing and leaves the consumer group, so another instance takes the partitions
     * over at once instead of after the session timeout. Returns whether it closed in time.
     */
    public boolean close(Duration timeout) {
        return streams.close(CloseOptions.timeout(timeout).withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
