package io.govstream.runtime;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * What every govstream process is configured with beside its own section: the {@code govstream.*}
 * properties, each with its default here and nowhere else.
 *
 * @param catalogue the topic catalogue file; empty = the built-in catalogue
 */
@ConfigurationProperties("govstream")
public record PlatformSettings(@Bindable(defaultValue = "") String catalogue, Metrics metrics, Health health, Watchdog watchdog) {

    /** @param probeInterval how often the consumer-lag and ledger-head probes ask the cluster */
    @ConfigurationProperties("metrics")
    public record Metrics(@Bindable(defaultValue = "15s") Duration probeInterval) {
    }

    /**
     * @param cache    how long a health check's answer is reused (probes may come every second)
     * @param kafka    the Kafka check
     * @param registry the schema registry check
     */
    @ConfigurationProperties("health")
    public record Health(@Bindable(defaultValue = "10s") Duration cache, Kafka kafka, Registry registry) {

        /** @param timeout how long the cluster may take to answer */
        @ConfigurationProperties("kafka")
        public record Kafka(@Bindable(defaultValue = "5s") Duration timeout) {
        }

        /** @param timeout how long the registry may take to answer */
        @ConfigurationProperties("registry")
        public record Registry(@Bindable(defaultValue = "3s") Duration timeout) {
        }
    }

    /** @param maxSilence a loop silent longer than this makes the process not live */
    @ConfigurationProperties("watchdog")
    public record Watchdog(@Bindable(defaultValue = "60s") Duration maxSilence) {
    }
}
