package io.govstream.governance.escalation;

import java.util.Map;
import io.govstream.events.DispatchRequested;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.PendingEscalation;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.LedgerFact;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The {@value #STORE} store: escalated requests waiting for votes, keyed by correlation id. Values
 * are plain Avro binary of {@link PendingEscalation} (internal state: its changelog is read only by
 * this application, so no registry header). In memory and changelogged: few, small entries,
 * restored in milliseconds after a restart or rebalance.
 */
public final class PendingEscalations {
    public static final String STORE = "pending-escalations";

    private PendingEscalations() {
    }

    /** @param changelog the catalogue's {@code personal} changelog profile */
    public static StoreBuilder<KeyValueStore<String, PendingEscalation>> store(Map<String, String> changelog) {
        // The request and the votes name people: a decided escalation's value leaves the changelog within the bound.
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), serde())
                .withLoggingEnabled(changelog);
    }

    static Serde<PendingEscalation> serde() {
        return Serdes.serdeFrom((topic, value) -> value == null ? null : LedgerFact.avroBinary(value),
                (topic, bytes) -> bytes == null ? null : decode(bytes, PendingEscalation.class));
    }

    static DispatchRequested request(PendingEscalation pending) {
        return decode(Bytes.of(pending.getRequest()), DispatchRequested.class);
    }

    public static GovernanceDecision decision(PendingEscalation pending) {
        return decode(Bytes.of(pending.getDecision()), GovernanceDecision.class);
    }

    static <T extends SpecificRecord> T decode(byte[] bytes, Class<T> type) {
        try {
            return new SpecificDatumReader<>(type).read(null, DecoderFactory.get().binaryDecoder(new ByteArrayInputStream(bytes), null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + type.getSimpleName() + " from store " + STORE, e);
        }
    }
}
