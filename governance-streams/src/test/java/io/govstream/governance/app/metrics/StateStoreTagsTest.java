package io.govstream.governance.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class StateStoreTagsTest {
    /** A state-store metric as Micrometer's Kafka binder registers it: the store's name under a key of its kind. */
    private static void storeMetric(MeterRegistry registry, String kindKey, String store, double value) {
        Gauge.builder("kafka.stream.state.put.rate", () -> value)
                .tags("kafka.version", "4.3.1", "task.id", "0_0", "thread.id", "StreamThread-1", kindKey, store)
                .register(registry);
    }

    @Test
    void givenAnInMemoryAndARocksDbStore_whenScraped_thenBothStoresAreExported_eachUnderItsName() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(StateStoreTags.FILTER);

        storeMetric(registry, "in.memory.state.id", "pending-escalations", 1);
        storeMetric(registry, "rocksdb.state.id", "request-ids", 2);

        assertThat(registry.scrape())
                .contains("kafka_stream_state_put_rate{kafka_version=\"4.3.1\",state_id=\"pending-escalations\",task_id=\"0_0\",thread_id=\"StreamThread-1\"} 1.0")
                .contains("kafka_stream_state_put_rate{kafka_version=\"4.3.1\",state_id=\"request-ids\",task_id=\"0_0\",thread_id=\"StreamThread-1\"} 2.0");
    }

    @Test
    void givenNoFilter_whenTwoKindsOfStoreAreRegistered_thenPrometheusDropsTheSecond() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

        storeMetric(registry, "in.memory.state.id", "pending-escalations", 1);
        storeMetric(registry, "rocksdb.state.id", "request-ids", 2);

        assertThat(registry.scrape()).contains("pending-escalations").doesNotContain("request-ids");
    }

    @Test
    void givenAnotherMetric_whenMapped_thenItsTagsAreUnchanged() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(StateStoreTags.FILTER);

        Gauge.builder("kafka.stream.thread.commit.latency.max", () -> 3).tags("thread.id", "StreamThread-1", "rocksdb.state.id", "x")
                .register(registry);

        assertThat(registry.scrape()).contains("kafka_stream_thread_commit_latency_max{rocksdb_state_id=\"x\",thread_id=\"StreamThread-1\"} 3.0");
    }
}
