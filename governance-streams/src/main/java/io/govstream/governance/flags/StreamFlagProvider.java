package io.govstream.governance.flags;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.Value;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * An OpenFeature provider over one streams task's flags: an in-memory snapshot, loaded from the
 * task's flags store when the task starts and updated by the task's {@code apply-flag} processor as
 * each change arrives on the flags topic. Reads never touch the store or the network: a decision
 * takes the current snapshot (one volatile read), so flags add no measurable latency
 * (docs/benchmarks.md). Changes replace the snapshot (copy on write): flags are few and change
 * rarely, decisions are many.
 *
 * <p>Values do not depend on the evaluation context (reason {@code STATIC}); a flag that is not
 * set yields the caller's default with {@code FLAG_NOT_FOUND}, one of another type
 * {@code TYPE_MISMATCH}.
 */
public final class StreamFlagProvider implements FeatureProvider {
    public static final String NAME = "govstream-flags-topic";
    private static final Metadata METADATA = () -> NAME;

    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of(), Map.of());

    /** Flag values by name, as the schema carries them; CEL's and OpenFeature's views of each. */
    private record Snapshot(Map<String, Object> raw, Map<String, Object> cel, Map<String, Value> values) {
    }

    /** Replaces every flag with {@code flags} (name → schema value): the task's store at start. */
    public void load(Map<String, Object> flags) {
        snapshot = snapshotOf(new LinkedHashMap<>(flags));
    }

    /** Sets a flag, or unsets it if {@code value} is null. */
    public void apply(String name, Object value) {
        Map<String, Object> raw = new LinkedHashMap<>(snapshot.raw());
        if (value == null) {
            raw.remove(name);
        } else {
            raw.put(name, value);
        }
        snapshot = snapshotOf(raw);
    }

    private static Snapshot snapshotOf(Map<String, Object> raw) {
        Map<String, Object> cel = new LinkedHashMap<>();
        Map<String, Value> values = new LinkedHashMap<>();
        raw.forEach((name, value) -> {
            cel.put(name, FlagValues.cel(value));
            values.put(name, FlagValues.openFeature(value));
        });
        return new Snapshot(Collections.unmodifiableMap(raw), Collections.unmodifiableMap(cel), Collections.unmodifiableMap(values));
    }

    /** Every flag as a condition reads it ({@code flags}): an immutable map, the same object until the next change. */
    public Map<String, Object> celValues() {
        return snapshot.cel();
    }

    /** Every flag as the schema carries it. */
    public Map<String, Object> values() {
        return snapshot.raw();
    }

    @Override
    public Metadata getMetadata() {
        return METADATA;
    }

    @Override
    public ProviderEvaluation<Boolean> getBooleanEvaluation(String key, Boolean defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, v -> v.isBoolean() ? v.asBoolean() : null);
    }

    @Override
    public ProviderEvaluation<String> getStringEvaluation(String key, String defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, v -> v.isString() ? v.asString() : null);
    }

    @Override
    public ProviderEvaluation<Integer> getIntegerEvaluation(String key, Integer defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, v -> v.asObject() instanceof Long l && l == l.intValue() ? l.intValue()
                : v.asObject() instanceof Integer i ? i : null);
    }

    @Override
    public ProviderEvaluation<Long> getLongEvaluation(String key, Long defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, v -> v.asObject() instanceof Long l ? l
                : v.asObject() instanceof Integer i ? Long.valueOf(i) : null);
    }

    @Override
    public ProviderEvaluation<Double> getDoubleEvaluation(String key, Double defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, v -> v.isNumber() ? ((Number) v.asObject()).doubleValue() : null);
    }

    @Override
    public ProviderEvaluation<Value> getObjectEvaluation(String key, Value defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, Function.identity());
    }

    private <T> ProviderEvaluation<T> evaluate(String key, T defaultValue, Function<Value, T> read) {
        Value value = snapshot.values().get(key);
        if (value == null) {
            return failed(defaultValue, ErrorCode.FLAG_NOT_FOUND, "no flag '" + key + "' is set");
        }
        T typed = read.apply(value);
        if (typed == null) {
            return failed(defaultValue, ErrorCode.TYPE_MISMATCH, "flag '" + key + "' is " + value);
        }
        return ProviderEvaluation.<T>builder().value(typed).reason(Reason.STATIC.name()).build();
    }

    private static <T> ProviderEvaluation<T> failed(T defaultValue, ErrorCode code, String message) {
        return ProviderEvaluation.<T>builder().value(defaultValue).reason(Reason.ERROR.name()).errorCode(code).errorMessage(message)
                .build();
    }
}
