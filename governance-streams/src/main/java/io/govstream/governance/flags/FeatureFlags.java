package io.govstream.governance.flags;

import io.govstream.schemas.serde.AvroLimits;
import io.govstream.events.FlagChange;
import io.govstream.governance.policy.TaskExtensions;
import io.govstream.ledger.LedgerFact;
import io.govstream.policy.FlagsExtension;
import io.govstream.policy.PolicyExtension;
import io.govstream.policy.PolicyInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The feature flags of a decision task, in its {@value #STORE} store (in memory, changelogged: flags
 * survive restarts and move with their partition). The store is joined to {@code decide-dispatch}
 * through {@link #binding()}, which puts {@code apply-flag} and the decisions of a partition in one
 * task: the change a task applies is the one its decisions read, and its ledger entry goes onto that
 * task's chain.
 *
 * <p>Each processor reads the store itself; nothing is shared between them but the task's stores.
 * {@code apply-flag} counts every change of a value in {@value #VERSION_STORE}, and a decision
 * re-reads the flags only when that count moved since the last decision (one lookup otherwise): flags
 * are few and change rarely, decisions are many.
 */
public final class FeatureFlags {
    static {
        AvroLimits.ensure(); // before anything here decodes Avro data
    }

    /** Flag name → the FlagChange that set it, as applied (plain Avro binary). */
    public static final String STORE = "feature-flags";
    /** How many value changes the task applied since it started (in memory, not changelogged): the decisions' cue to re-read. */
    public static final String VERSION_STORE = "feature-flags-version";
    private static final String VERSION = "changes";
    private static final SpecificDatumReader<FlagChange> READER = new SpecificDatumReader<>(FlagChange.class);

    private final TaskExtensions.Binding binding;

    /** @param changelog the catalogue's {@code personal} changelog profile, for the flags store */
    public FeatureFlags(Map<String, String> changelog) {
        // Changes name their authors: one replaced by an erasure leaves the changelog within the bound.
        StoreBuilder<KeyValueStore<String, byte[]>> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingEnabled(changelog);
        // A restarted task starts from 0 changes and reads its restored flags at its first decision.
        StoreBuilder<KeyValueStore<String, Long>> version = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(VERSION_STORE),
                Serdes.String(), Serdes.Long()).withLoggingDisabled();
        this.binding = new TaskExtensions.Binding(Set.of(store, version), FeatureFlags::open);
    }

    /** The {@code flags} extension ({@link FlagsExtension}) bound to the task's flags store. */
    public TaskExtensions.Binding binding() {
        return binding;
    }

    /** After {@code apply-flag} changed a value: the task's decisions read the flags again. */
    static void changed(KeyValueStore<String, Long> version) {
        Long count = version.get(VERSION);
        version.put(VERSION, count == null ? 1 : count + 1);
    }

    /** Every flag of the store as a condition reads it (name → CEL value), in name order. */
    static Map<String, Object> celValues(KeyValueStore<String, byte[]> store) {
        Map<String, Object> values = new LinkedHashMap<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(flag -> values.put(flag.key, FlagValues.cel(decode(flag.value).getValue())));
        }
        return Collections.unmodifiableMap(values);
    }

    private static PolicyExtension.Values open(TaskExtensions.Stores stores) {
        KeyValueStore<String, byte[]> flags = stores.store(STORE);
        KeyValueStore<String, Long> version = stores.store(VERSION_STORE);
        return new PolicyExtension.Values() {
            // One decision task is one thread: the map handed out is rebuilt only after a change.
            private Long seen;
            private Map<String, Object> values;

            @Override
            public Map<String, Object> of(PolicyInput request, Instant now) {
                Long current = version.get(VERSION);
                if (values == null || !java.util.Objects.equals(current, seen)) {
                    values = Map.of(FlagsExtension.VARIABLE, celValues(flags));
                    seen = current;
                }
                return values;
            }
        };
    }

    static byte[] encode(FlagChange change) {
        return LedgerFact.avroBinary(change);
    }

    static FlagChange decode(byte[] bytes) {
        try {
            return READER.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException("the flags store holds a record that is not a FlagChange", e);
        }
    }
}
