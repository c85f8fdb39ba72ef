package io.govstream.runtime.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.govstream.schemas.EventHeaders;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TracingTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_SPAN = "00f067aa0ba902b7";
    private static final String PARENT = "00-" + TRACE_ID + "-" + PARENT_SPAN + "-01";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();
    private final Tracing tracing = Tracing.using(sdk);

    @AfterEach
    void closeSdk() {
        sdk.close();
    }

    @Test
    void givenATraceparent_whenAHopStarts_thenItsSpanIsAChildInTheSameTraceAndItsTraceparentNamesThatSpan() {
        try (Tracing.Hop hop = tracing.start("decide dispatch", SpanKind.CONSUMER, PARENT)) {
            hop.attribute(Tracing.TENANT, "acme").attribute(Tracing.INTENT, null);

            assertThat(EventHeaders.isTraceparent(hop.traceparent())).isTrue();
            assertThat(hop.traceparent()).startsWith("00-" + TRACE_ID + "-").endsWith("-01").doesNotContain(PARENT_SPAN);
        }

        SpanData span = only(spans.getFinishedSpanItems());
        assertThat(span.getName()).isEqualTo("decide dispatch");
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT_SPAN);
        assertThat(span.getParentSpanContext().isRemote()).isTrue();
        assertThat(span.getAttributes().get(Tracing.TENANT)).isEqualTo("acme");
        assertThat(span.getAttributes().get(Tracing.INTENT)).isNull();
    }

    @Test
    void givenTheHopsTraceparent_whenTheNextHopStarts_thenTheSpansFormAParentChain() {
        String first;
        try (Tracing.Hop hop = tracing.start("POST /dispatch", SpanKind.SERVER, null)) {
            first = hop.traceparent();
        }
        try (Tracing.Hop next = tracing.start("execute command", SpanKind.CONSUMER, first)) {
            assertThat(EventHeaders.traceId(next.traceparent())).isEqualTo(EventHeaders.traceId(first));
        }

        List<SpanData> finished = spans.getFinishedSpanItems();
        assertThat(finished).hasSize(2);
        assertThat(finished.get(1).getParentSpanId()).isEqualTo(finished.get(0).getSpanId());
        assertThat(finished.get(0).getParentSpanContext().isValid()).as("no parent: the root of a new trace").isFalse();
    }

    @Test
    void givenAMalformedOrMissingTraceparent_whenAHopStarts_thenItStartsANewTrace() {
        for (String malformed : new String[] {"garbage", "00-" + "0".repeat(32) + "-" + PARENT_SPAN + "-01",
                "00-" + TRACE_ID.toUpperCase() + "-" + PARENT_SPAN + "-01", "", null}) {
            try (Tracing.Hop hop = tracing.start("POST /dispatch", SpanKind.SERVER, malformed)) {
                assertThat(EventHeaders.isTraceparent(hop.traceparent())).as(malformed).isTrue();
                assertThat(EventHeaders.traceId(hop.traceparent())).as(malformed).isNotEqualTo(TRACE_ID);
            }
        }

        assertThat(spans.getFinishedSpanItems()).hasSize(5)
                .allSatisfy(span -> assertThat(span.getParentSpanContext().isValid()).isFalse());
    }

    @Test
    void givenTracingOff_whenAHopStarts_thenNothingIsRecordedAndTheHopStillHasASpanIdOfItsOwn() {
        Tracing off = Tracing.exporting("orbit", " ");

        try (Tracing.Hop hop = off.start("POST /dispatch", SpanKind.SERVER, PARENT)) {
            assertThat(off.on()).isFalse();
            assertThat(hop.span().getSpanContext().isValid()).isFalse();
            assertThat(EventHeaders.traceId(hop.traceparent())).isEqualTo(TRACE_ID);
            assertThat(EventHeaders.spanId(hop.traceparent())).isNotEqualTo(PARENT_SPAN);
        }
        assertThat(EventHeaders.isTraceparent(off.start("POST /dispatch", SpanKind.SERVER, "garbage").traceparent())).isTrue();
        assertThat(off.startIfOn("decide dispatch", SpanKind.CONSUMER, PARENT).traceparent())
                .as("a hot path carries its parent on unchanged").isEqualTo(PARENT);
        assertThat(tracing.startIfOn("decide dispatch", SpanKind.CONSUMER, PARENT).traceparent()).isNotEqualTo(PARENT);
    }

    @Test
    void givenAnOtlpEndpoint_whenASpanEnds_thenItIsPostedThereOverHttpAsProtobufUnderTheServiceName() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            exchange.getRequestBody().transferTo(body);
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body.toString(StandardCharsets.ISO_8859_1));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try (Tracing exporting = Tracing.exporting("govstream-test-service",
                "http://127.0.0.1:" + receiver.getAddress().getPort())) {
            assertThat(exporting.on()).isTrue();
            exporting.start("POST /dispatch", SpanKind.SERVER, PARENT).close();
        } finally {
            await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
            receiver.stop(0);
        }

        assertThat(received.get(0)).startsWith("POST /v1/traces application/x-protobuf ")
                .contains("govstream-test-service", "POST /dispatch");
    }

    private static SpanData only(List<SpanData> spans) {
        assertThat(spans).hasSize(1);
        return spans.get(0);
    }
}
