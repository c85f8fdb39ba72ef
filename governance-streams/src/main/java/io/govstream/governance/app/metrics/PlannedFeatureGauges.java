package io.govstream.governance.app.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Gauges of features governance-streams does not have yet, exported now so dashboards and alerts
 * stay stable when the features land; each reads 0 (nothing pending, nothing throttled) until its
 * feature replaces it with the real value. docs/observability.md says which are placeholders.
 *
 * <ul>
 *   <li>{@code governance_rate_limit_saturation_ratio}: the fullest rate window's use of its limit.</li>
 * </ul>
 */
public final class PlannedFeatureGauges implements MeterBinder {

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("governance.rate.limit.saturation", () -> 0)
                .description("Use of the fullest rate-limit window, 0..1 (placeholder: 0 until rate limits exist)")
                .baseUnit("ratio")
                .register(registry);
    }
}
