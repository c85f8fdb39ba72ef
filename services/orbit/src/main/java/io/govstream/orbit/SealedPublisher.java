package io.govstream.orbit;

import io.govstream.runtime.KafkaClientSettings;
import io.govstream.runtime.commands.EventSeal;
import io.govstream.schemas.EventHeaders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes Orbit's events of one type to one topic, each sealed with Orbit's private seal keyset
 * ({@code orbit.events.signing-key}) after the caller's token was checked, and returns once the broker
 * has it. governance-streams counts only sealed votes and deployment events; without a keyset they go
 * out unsealed and never count.
 */
public final class SealedPublisher<T> implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<T> serializer;
    private final EventSeal.Sealer sealer;
    private final String topic;
    private final Duration sendTimeout;

    /**
     * @param producerSettings the producer's own settings (its client id at least), beside acks=all and idempotence
     * @param owner            the class whose logger warns of a missing keyset
     * @param unsealed         what that warning says happens, e.g. "votes go out unsealed and ... will not count them"
     */
    public SealedPublisher(KafkaClientSettings kafka, Serializer<T> serializer, String topic, OrbitSettings settings,
                           Map<String, Object> producerSettings, Class<?> owner, String unsealed) {
        String sealKey = settings.events().signingKey();
        this.topic = topic;
        this.sendTimeout = settings.sendTimeout();
        this.serializer = serializer;
        if (sealKey.isBlank()) {
            org.slf4j.LoggerFactory.getLogger(owner).warn("orbit.events.signing-key is not set: {}", unsealed);
            this.sealer = null;
        } else {
            this.sealer = EventSeal.Sealer.fromFile(Path.of(sealKey));
        }
        Map<String, Object> props = new HashMap<>(producerSettings);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(kafka.with(props), new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Publishes {@code event} under {@code key} with the correlation id and traceparent headers, sealed, once the broker
     * has it.
     *
     * @param what the event as an error names it, e.g. "a vote on ID"
     */
    public void publish(String key, String correlationId, String traceparent, T event, String what) {
        byte[] value = serializer.serialize(topic, event);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        EventHeaders.put(record.headers(), correlationId, traceparent);
        if (sealer != null) {
            sealer.seal(record.headers(), topic, value);
        }
        send(producer, record, sendTimeout, what);
    }

    /**
     * Sends {@code record} and waits up to {@code timeout} until the broker has it.
     *
     * @param what the record as an error names it, e.g. "dispatch ID"
     * @throws IllegalStateException if it was not sent in time, or the wait was interrupted
     */
    public static <V> void send(KafkaProducer<String, V> producer, ProducerRecord<String, V> record, Duration timeout, String what) {
        try {
            producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish " + what + " to " + record.topic() + ": "
                    + (e.getCause() == null ? e : e.getCause()), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
