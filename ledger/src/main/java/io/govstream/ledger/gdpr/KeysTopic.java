package io.govstream.ledger.gdpr;

import io.govstream.events.SubjectDataKey;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.KafkaLedgerReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the keys topic to its current end (committed records only, no consumer group) and
 * returns the latest value per key, tombstones included as null: what a compacted reader sees.
 */
public final class KeysTopic {
    private KeysTopic() {
    }

    /** Topic key → latest record value (null = tombstone), in topic order per partition. */
    public static Map<String, SubjectDataKey> readLatest(Map<String, ?> clientProperties, String topic,
                                                         Function<byte[], SubjectDataKey> decoder, Duration timeout) {
        Map<String, SubjectDataKey> latest = new LinkedHashMap<>();
        new KafkaLedgerReader(clientProperties, topic, timeout, n -> { }).replayFromStart(record -> {
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            latest.remove(key); // keep topic order of the latest write
            latest.put(key, record.value() == null ? null : decoder.apply(record.value()));
        });
        return latest;
    }

    /** The live keys as a {@link KeyRing} for decryption. */
    public static KeyRing ring(Map<String, SubjectDataKey> latest, KeyEncryptionKey kek) {
        KeyRing ring = new KeyRing(kek);
        latest.forEach((key, value) -> ring.accept(key, value == null ? null : Bytes.of(value.getWrappedKeyset())));
        return ring;
    }
}
