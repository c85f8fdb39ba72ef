package io.govstream.orbit.dispatch;

import io.govstream.orbit.OrbitSettings;
import io.govstream.orbit.SealedPublisher;
import io.govstream.events.DispatchRequested;
import io.govstream.runtime.KafkaClientSettings;
import io.govstream.runtime.tracing.Tracing;
import io.govstream.schemas.EventHeaders;
import io.govstream.schemas.Envelopes;
import io.govstream.schemas.registry.SchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.opentelemetry.api.trace.SpanKind;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Turns a dispatch form into a DispatchRequested event on the requests topic. */
@Singleton
public class DispatchSubmitter implements AutoCloseable {
    private final KafkaProducer<String, DispatchRequested> producer;
    private final String topic;
    private final String source;
    private final Duration sendTimeout;
    private final KafkaClientMetrics producerMetrics;
    private final Tracing tracing;

    public DispatchSubmitter(KafkaClientSettings kafka, SchemaRegistryClient registry, Topics topics, MeterRegistry meters,
                             Tracing tracing,
                             OrbitSettings settings) {
        this.tracing = tracing;
        this.topic = topics.dispatchRequests();
        this.source = settings.source();
        this.sendTimeout = settings.sendTimeout();
        this.producer = new KafkaProducer<>(kafka.with(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.CLIENT_ID_CONFIG, "orbit-dispatch")),
                new StringSerializer(), AvroSerde.forValue(DispatchRequested.class, registry).serializer());
        this.producerMetrics = new KafkaClientMetrics(producer);
        this.producerMetrics.bindTo(meters);
    }

    /**
     * Publishes the request once the broker has it, in a span of its own (child of {@code traceparent},
     * or the root of a new trace); returns the request's traceparent (header and envelope), which names that span.
     */
    public String submit(String correlationId, DispatchForm form, String traceparent) {
        try (Tracing.Hop hop = tracing.start("publish " + topic, SpanKind.PRODUCER, traceparent)) {
            hop.attribute(Tracing.CORRELATION_ID, correlationId).attribute(Tracing.TENANT, form.tenant())
                    .attribute(Tracing.MESSAGING_SYSTEM, "kafka").attribute(Tracing.MESSAGING_DESTINATION, topic);
            try {
                return publish(correlationId, form, hop.traceparent());
            } catch (RuntimeException e) {
                hop.failed(e);
                throw e;
            }
        }
    }

    private String publish(String correlationId, DispatchForm form, String trace) {
        DispatchRequested request = DispatchRequested.newBuilder()
                .setEnvelope(Envelopes.newRequest(correlationId, form.tenant(), source, Instant.now(), trace))
                .setSource(source)
                .setTarget(form.target())
                .setIntent(form.intent())
                .setSubject(form.subject())
                .setPayload(form.payloadJson())
                .setAttributes(form.attributes())
                .build();
        ProducerRecord<String, DispatchRequested> record = new ProducerRecord<>(topic, correlationId, request);
        EventHeaders.put(record.headers(), correlationId, trace);
        SealedPublisher.send(producer, record, sendTimeout, "dispatch " + correlationId);
        return trace;
    }

    @PreDestroy
    @Override
    public void close() {
        producerMetrics.close();
        producer.close(Duration.ofSeconds(5));
    }
}
