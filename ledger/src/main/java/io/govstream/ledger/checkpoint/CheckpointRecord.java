package io.govstream.ledger.checkpoint;

import io.govstream.events.LedgerCheckpoint;
import io.govstream.ledger.KafkaLedgerReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A checkpoint as read from the checkpoints topic, with its offset there (to name it in reports). */
public record CheckpointRecord(long offset, LedgerCheckpoint checkpoint) {

    /**
     * Reads every committed checkpoint of the checkpoints topic, in topic order.
     *
     * @throws IllegalArgumentException if a record is not a checkpoint (it names the offset)
     */
    public static List<CheckpointRecord> readAll(Map<String, ?> clientProperties, String topic,
                                                 Function<byte[], LedgerCheckpoint> decoder, Duration timeout) {
        List<CheckpointRecord> out = new ArrayList<>();
        new KafkaLedgerReader(clientProperties, topic, timeout, n -> { }).replayFromStart(r -> {
            try {
                out.add(new CheckpointRecord(r.offset(), decoder.apply(r.value())));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(topic + " partition " + r.partition() + " offset " + r.offset()
                        + " is not a LedgerCheckpoint: " + e.getMessage(), e);
            }
        });
        return out;
    }
}
