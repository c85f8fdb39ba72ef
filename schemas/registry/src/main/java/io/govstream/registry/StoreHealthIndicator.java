package io.govstream.registry;

import io.govstream.registry.store.SchemaStore;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/** DOWN until the store has read the schema topic up to where it ended at start. */
@Singleton
final class StoreHealthIndicator implements HealthIndicator {
    private final SchemaStore store;

    StoreHealthIndicator(SchemaStore store) {
        this.store = store;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        boolean ready = store.isReady();
        return Publishers.just(HealthResult.builder("schemaStore", ready ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("store", store.description(), "caughtUp", ready))
                .build());
    }
}
