package io.govstream.cli.flag;

import io.govstream.cli.client.CompactedTopic;
import io.govstream.cli.client.GovctlTrace;
import io.govstream.cli.ledger.LedgerCli;
import io.govstream.cli.client.RegistryClients;
import io.govstream.schemas.Envelopes;
import io.govstream.events.FlagChange;
import io.govstream.governance.flags.FlagNames;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Publishes flag changes to the flags topic and reads the flags in force. A change is written once,
 * keyed by the flag's name; governance-streams copies it to every task, each of which applies (and
 * ledgers) it. Unsetting writes a deletion that names its author, then a tombstone so compaction
 * drops the key, both in one transaction.
 */
public final class FlagPublisher {
    public static final String PRODUCER = "govctl";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> kafka;
    private final String topic;
    private final AvroSerde<FlagChange> serde;

    /** @param clientProperties a client config that names the schema registry */
    public FlagPublisher(Map<String, Object> clientProperties, Topics topics) {
        this.kafka = LedgerCli.kafkaOnly(clientProperties);
        this.topic = topics.flags();
        this.serde = AvroSerde.forValue(FlagChange.class, RegistryClients.of(clientProperties));
    }

    /** The flags that are set, by name, with the change that set each (in the order they were last changed). */
    public Map<String, FlagChange> current() {
        Map<String, FlagChange> flags = new LinkedHashMap<>();
        CompactedTopic.latestByKey(kafka, topic, TIMEOUT).forEach((name, latest) -> {
            FlagChange change = serde.deserializer().deserialize(topic, latest.value());
            if (change.getValue() != null) {
                flags.put(name, change);
            }
        });
        return flags;
    }

    /**
     * Sets {@code name} to {@code value}; nothing is published if the flag already has that value.
     *
     * @throws IllegalArgumentException for an invalid name
     */
    public Outcome set(String name, Object value, String author, String note) {
        requireValidName(name);
        FlagChange previous = current().get(name);
        Object previousValue = previous == null ? null : previous.getValue();
        if (Objects.equals(previousValue, Objects.requireNonNull(value, "value"))) {
            return new Outcome(previousValue, value, false);
        }
        FlagChange change = change(name, value, previousValue, author, note);
        CompactedTopic.publish(kafka, topic, "govctl-flag-",
                List.of(entry(name, serde.serializer().serialize(topic, change), change)));
        return new Outcome(previousValue, value, true);
    }

    /**
     * Unsets {@code name}: conditions no longer see it (their {@code orValue} default applies).
     *
     * @throws IllegalArgumentException for an invalid name or a flag that is not set
     */
    public Outcome unset(String name, String author, String note) {
        requireValidName(name);
        FlagChange previous = current().get(name);
        if (previous == null) {
            throw new IllegalArgumentException("no flag '" + name + "' is set (see 'govctl flag list')");
        }
        FlagChange deletion = change(name, null, previous.getValue(), author, note);
        CompactedTopic.publish(kafka, topic, "govctl-flag-", List.of(
                entry(name, serde.serializer().serialize(topic, deletion), deletion),
                entry(name, null, deletion)));
        return new Outcome(previous.getValue(), null, true);
    }

    /** @throws IllegalArgumentException naming the rule an invalid flag name breaks */
    static void requireValidName(String name) {
        String problem = FlagNames.problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** The change, keyed by the flag's name, with its correlation id and traceparent as headers. */
    private static CompactedTopic.Entry entry(String name, byte[] value, FlagChange change) {
        return new CompactedTopic.Entry(name.getBytes(StandardCharsets.UTF_8), value, change.getEnvelope().getCorrelationId(),
                change.getEnvelope().getTraceparent(), null);
    }

    private static FlagChange change(String name, Object value, Object previous, String author, String note) {
        Instant now = Instant.now();
        return FlagChange.newBuilder()
                .setEnvelope(Envelopes.newCorrelation("*", PRODUCER, now, GovctlTrace.traceparent()))
                .setName(name)
                .setValue(value)
                .setPreviousValue(previous)
                .setAuthor(author)
                .setChangedAt(now)
                .setNote(note)
                .build();
    }

    /** What a set or unset did: the value before, after, and whether anything was published. */
    public record Outcome(Object previous, Object value, boolean published) {
    }
}
