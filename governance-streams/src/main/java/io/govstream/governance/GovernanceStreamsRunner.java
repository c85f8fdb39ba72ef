package io.govstream.governance;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a governance topology: builds the {@link KafkaStreams} client, starts and closes it, and
 * tells its state (for health checks). Lifecycle only; the topology is built elsewhere. What
 * becomes of a stream thread that failed is {@link StreamThreadFailures}'.
 */
public final class GovernanceStreamsRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GovernanceStreamsRunner.class);

    private final Topology topology;
    private final KafkaStreams streams;
    private final StreamThreadFailures failures = new StreamThreadFailures(Clock.systemUTC());

    public GovernanceStreamsRunner(Topology topology, Properties properties) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.streams = new KafkaStreams(topology, Objects.requireNonNull(properties, "properties"));
        streams.setUncaughtExceptionHandler(failures);
    }

    /** Starts processing; returns at once (the client becomes RUNNING after its first rebalance). */
    public void start() {
        LOG.info("Starting governance-streams with topology:\n{}", topology.describe());
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Stream threads that failed and were replaced ({@link StreamThreadFailures}): Streams counts them as failed too. */
    public int replacedStreamThreads() {
        return failures.replaced();
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
