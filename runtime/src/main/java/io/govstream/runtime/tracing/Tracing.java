package io.govstream.runtime.tracing;

import io.govstream.schemas.EventHeaders;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The spans of one service (OpenTelemetry), joined to the others' by the W3C {@code traceparent}
 * every record carries (header and envelope, invariant 5).
 *
 * <p>Off unless an OTLP endpoint is configured ({@link #exporting}): then the API is OpenTelemetry's
 * no-op and nothing is recorded or sent. On, spans go over OTLP/HTTP (protobuf) in batches from a
 * background thread; the standard {@code OTEL_*} variables and {@code otel.*} system properties
 * (headers, timeouts, sampler, resource attributes, batch sizes) apply, except that the endpoint and
 * the service name are the service's settings.
 */
public final class Tracing implements AutoCloseable {
    /** The instrumentation scope of every govstream span. */
    public static final String SCOPE = "io.govstream";

    public static final AttributeKey<String> CORRELATION_ID = AttributeKey.stringKey("govstream.correlation_id");
    public static final AttributeKey<String> TENANT = AttributeKey.stringKey("govstream.tenant");
    public static final AttributeKey<String> TARGET = AttributeKey.stringKey("govstream.target");
    public static final AttributeKey<String> INTENT = AttributeKey.stringKey("govstream.intent");
    public static final AttributeKey<String> EFFECT = AttributeKey.stringKey("govstream.effect");
    public static final AttributeKey<String> RULE = AttributeKey.stringKey("govstream.rule");
    public static final AttributeKey<String> POLICY_VERSION = AttributeKey.stringKey("govstream.policy.version");
    public static final AttributeKey<String> STATUS = AttributeKey.stringKey("govstream.status");
    /** OpenTelemetry's messaging conventions: the Kafka topic a span reads or writes. */
    public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    public static final AttributeKey<String> MESSAGING_DESTINATION = AttributeKey.stringKey("messaging.destination.name");

    private static final Tracing OFF = new Tracing(OpenTelemetry.noop(), null);
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<String> TRACEPARENT_ONLY = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(EventHeaders.TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return EventHeaders.TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private final Tracer tracer;
    private final OpenTelemetrySdk sdk;

    private Tracing(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk) {
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.sdk = sdk;
    }

    /** No spans: the no-op API. */
    public static Tracing off() {
        return OFF;
    }

    /**
     * Spans of {@code serviceName} exported over OTLP/HTTP to {@code endpoint} (the collector's base
     * URL, e.g. {@code http://localhost:4318}; spans go to its {@code /v1/traces}); blank = {@link #off()}.
     */
    public static Tracing exporting(String serviceName, String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return off();
        }
        Map<String, String> defaults = Map.of(
                "otel.traces.exporter", "otlp",
                "otel.exporter.otlp.protocol", "http/protobuf",
                "otel.metrics.exporter", "none",
                "otel.logs.exporter", "none");
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> defaults)
                // Several services may share a JVM (govctl up): each names itself and sends where it was told.
                .addPropertiesCustomizer(config -> Map.of(
                        "otel.service.name", serviceName,
                        "otel.exporter.otlp.endpoint", endpoint.strip()))
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        return new Tracing(sdk, sdk);
    }

    /** Spans recorded by an SDK the caller built (and closes): an in-memory exporter, a benchmark's. */
    public static Tracing using(OpenTelemetry openTelemetry) {
        return new Tracing(openTelemetry, null);
    }

    /** Whether spans are recorded: false for {@link #off()}. */
    public boolean on() {
        return this != OFF;
    }

    /**
     * Starts the span of a hop: work done on behalf of the call or record whose traceparent is
     * {@code parent}, as its child, or as the root of a new trace when {@code parent} is missing or
     * malformed. Its {@link Hop#traceparent()} is what the work writes. Off, nothing is recorded and
     * the traceparent is a new span id of the parent's trace all the same ({@link EventHeaders#childOf}),
     * so each hop's log lines and records still name a span of their own.
     */
    public Hop start(String name, SpanKind kind, String parent) {
        if (!on()) {
            return new Hop(Span.getInvalid(), EventHeaders.childOf(parent));
        }
        Span span = tracer.spanBuilder(name).setSpanKind(kind).setParent(contextOf(parent)).startSpan();
        return new Hop(span, traceparent(span.getSpanContext()));
    }

    /**
     * As {@link #start}, for a hot path: off, it mints nothing and what the work writes carries
     * {@code parent} unchanged (one allocation, no random numbers).
     */
    public Hop startIfOn(String name, SpanKind kind, String parent) {
        return on() ? start(name, kind, parent) : new Hop(Span.getInvalid(), parent);
    }

    /** The context whose span is the remote parent {@code traceparent}; the root context when it is missing or malformed. */
    static Context contextOf(String traceparent) {
        return traceparent == null ? Context.root() : W3C.extract(Context.root(), traceparent, TRACEPARENT_ONLY);
    }

    /** The W3C traceparent of a span context (version 00). */
    public static String traceparent(SpanContext context) {
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /** Sends the spans not sent yet, then stops exporting (waits at most 10 s). */
    @Override
    public void close() {
        if (sdk != null) {
            sdk.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A started span and the traceparent of what its work writes (Kafka header and envelope). Close
     * it when the work is done.
     */
    public record Hop(Span span, String traceparent) implements AutoCloseable {

        /** Sets a string attribute; a null value is left out. */
        public Hop attribute(AttributeKey<String> key, String value) {
            if (value != null) {
                span.setAttribute(key, value);
            }
            return this;
        }

        /** Marks the span failed with {@code error}. */
        public void failed(Throwable error) {
            span.recordException(error);
            span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
        }

        @Override
        public void close() {
            span.end();
        }
    }
}
