package io.govstream.governance.deadletter;

import io.govstream.events.DeadLetter;
import io.govstream.governance.observe.GovernanceObserver;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Where the records the topology cannot decode go: the dead-letter topic, each letter heard by the
 * observer on the way. Every source the topology decodes itself ends in one (STYLE #4).
 */
public record DeadLetterRoute(String topic, Serde<DeadLetter> serde, GovernanceObserver observer) {

    /** The records of {@code topic}, read as bytes and decoded by {@code values}. Node names: {@code source}, {@code decode}. */
    public static <T> KStream<byte[], Decoded<T>> decoded(StreamsBuilder builder, String topic, Serde<T> values, String source,
                                                          String decode) {
        return builder.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(source))
                .processValues(() -> new DecodeProcessor<>(values.deserializer()), Named.as(decode));
    }

    /**
     * Sends the records that failed to decode to the dead letters, with their source topic,
     * partition and offset, and returns the others. Node names: {@code split} (branches
     * {@code <split>undecodable} and {@code <split>ok}), {@code deadLetter}, {@code observe} (none
     * when null: the observer does not hear these letters) and {@code sink}.
     */
    public <T> KStream<byte[], Decoded<T>> okOf(KStream<byte[], Decoded<T>> decoded, String split, String deadLetter, String observe,
                                                String sink) {
        Map<String, KStream<byte[], Decoded<T>>> branches = decoded.split(Named.as(split))
                .branch((key, value) -> value.failed(), Branched.as("undecodable"))
                .defaultBranch(Branched.as("ok"));
        KStream<byte[], DeadLetter> letters = branches.get(split + "undecodable")
                .processValues(DeadLetterProcessor<T>::new, Named.as(deadLetter));
        if (observe != null) {
            letters = letters.peek((key, letter) -> observer.deadLettered(letter), Named.as(observe));
        }
        letters.to(topic, Produced.with(Serdes.ByteArray(), serde).withName(sink));
        return branches.get(split + "ok");
    }
}
