package io.govstream.governance.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.DispatchCommand;
import io.govstream.events.DispatchRequested;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import io.govstream.governance.Requests;
import io.govstream.governance.ShippedShape;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySource;
import io.govstream.runtime.tracing.Tracing;
import io.govstream.schemas.EventHeaders;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With tracing on, each decision is a span, child of the request's traceparent, and what it writes carries that span. */
class DecisionSpanTopologyTest {
    private static final Topics TOPICS = ShippedShape.TOPICS;
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String REQUEST_SPAN = "00f067aa0ba902b7";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();
    private final TopicSerdes serdes = new TopicSerdes(new InMemorySchemaRegistryClient());
    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> requests;
    private TestOutputTopic<String, GovernanceDecision> decisions;
    private TestOutputTopic<String, DispatchCommand> commands;
    private TestOutputTopic<String, LedgerEntry> ledger;

    @BeforeEach
    void setUp() {
        driver = new TopologyTestDriver(ShippedShape.build(serdes, PolicySource.fixed(PolicyLoader.loadDefault()), Tracing.using(sdk)),
                ShippedShape.driverProperties("decision-span-test", stateDir), Requests.NOW);
        requests = driver.createInputTopic(TOPICS.dispatchRequests(), new ByteArraySerializer(), new ByteArraySerializer());
        decisions = driver.createOutputTopic(TOPICS.decisions(), Serdes.String().deserializer(), serdes.value(Topics.DECISIONS).deserializer());
        commands = driver.createOutputTopic(TOPICS.axonCommands(), Serdes.String().deserializer(), serdes.value(Topics.AXON_COMMANDS).deserializer());
        ledger = driver.createOutputTopic(TOPICS.ledger(), Serdes.String().deserializer(), serdes.value(Topics.LEDGER).deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
        sdk.close();
    }

    @Test
    void givenARequestWithATraceparent_whenDecided_thenTheDecisionIsItsChildSpanAndEverythingItCausesCarriesThatSpan() {
        send(Requests.reason("c-1"));

        SpanData span = spans.getFinishedSpanItems().get(0);
        assertThat(spans.getFinishedSpanItems()).hasSize(1);
        assertThat(span.getName()).isEqualTo(DecideDispatchProcessor.SPAN);
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(REQUEST_SPAN);
        assertThat(span.getAttributes().get(Tracing.EFFECT)).isEqualTo("PERMIT");
        assertThat(span.getAttributes().get(Tracing.CORRELATION_ID)).isEqualTo("c-1");
        assertThat(span.getAttributes().get(Tracing.INTENT)).isEqualTo("reason");
        assertThat(span.getAttributes().get(Tracing.TENANT)).isEqualTo(Requests.reason("c-1").getEnvelope().getTenant());

        String decided = "00-" + TRACE_ID + "-" + span.getSpanId() + "-01";
        TestRecord<String, GovernanceDecision> decision = decisions.readRecord();
        TestRecord<String, DispatchCommand> command = commands.readRecord();
        TestRecord<String, LedgerEntry> entry = ledger.readRecord();
        assertThat(decision.value().getEnvelope().getTraceparent()).isEqualTo(decided);
        assertThat(command.value().getEnvelope().getTraceparent()).isEqualTo(decided);
        assertThat(entry.value().getEnvelope().getTraceparent()).isEqualTo(decided);
        for (var headers : new org.apache.kafka.common.header.Headers[] {decision.headers(), command.headers(), entry.headers()}) {
            assertThat(EventHeaders.get(headers, EventHeaders.TRACEPARENT)).isEqualTo(decided);
            assertThat(EventHeaders.get(headers, EventHeaders.CORRELATION_ID)).isEqualTo("c-1");
        }
    }

    @Test
    void givenARequestWithoutATraceparent_whenDecided_thenTheDecisionStartsATraceOfItsOwn() {
        DispatchRequested request = Requests.reason("c-2");
        request.getEnvelope().setTraceparent(null);

        send(request);

        SpanData span = spans.getFinishedSpanItems().get(0);
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        String traceparent = decisions.readRecord().value().getEnvelope().getTraceparent();
        assertThat(EventHeaders.isTraceparent(traceparent)).isTrue();
        assertThat(EventHeaders.spanId(traceparent)).isEqualTo(span.getSpanId());
    }

    private void send(DispatchRequested request) {
        byte[] value = serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(TOPICS.dispatchRequests(), request);
        requests.pipeInput(request.getEnvelope().getCorrelationId().getBytes(StandardCharsets.UTF_8), value);
    }
}
