package io.govstream.governance.flags;

import io.govstream.events.FlagChange;
import io.govstream.governance.policy.TaskExtensions;
import io.govstream.policy.FlagsExtension;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyExtension;
import io.govstream.policy.PolicyInput;
import io.govstream.ledger.LedgerFact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The feature flags of one topology: per streams task, a {@link StreamFlagProvider} over the task's
 * {@value #STORE} store. The store (in memory, changelogged: flags survive restarts and move with
 * their partition) is joined to {@code decide-dispatch} through {@link #extension()}, which puts
 * {@code apply-flag} and the decisions of a partition in one task: the change a task applies is the
 * one its decisions read, and its ledger entry goes onto that task's chain.
 *
 * <p>Both processors of a task share its provider, found by task id; each loads it from the store
 * when it starts (after restoration), so a moved or restarted task starts from what the store holds.
 */
public final class FeatureFlags {
    /** Flag name → the FlagChange that set it, as applied (plain Avro binary). */
    public static final String STORE = "feature-flags";
    private static final SpecificDatumReader<FlagChange> READER = new SpecificDatumReader<>(FlagChange.class);

    private final Map<TaskId, StreamFlagProvider> providers = new ConcurrentHashMap<>();
    private final TaskExtensions.Binding binding;

    /** @param changelog the catalogue's {@code personal} changelog profile, for the flags store */
    public FeatureFlags(Map<String, String> changelog) {
        // Changes name their authors: one replaced by an erasure leaves the changelog within the bound.
        StoreBuilder<KeyValueStore<String, byte[]>> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingEnabled(changelog);
        this.binding = new TaskExtensions.Binding(Set.of(store), this::open);
    }

    /** The {@code flags} extension ({@link FlagsExtension}) bound to the tasks' providers. */
    public TaskExtensions.Binding binding() {
        return binding;
    }

    /** The provider of a task, loaded from the task's store. */
    StreamFlagProvider open(TaskId task, KeyValueStore<String, byte[]> store) {
        StreamFlagProvider provider = providers.computeIfAbsent(Objects.requireNonNull(task, "task"), id -> new StreamFlagProvider());
        Map<String, Object> values = new LinkedHashMap<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> flag = all.next();
                values.put(flag.key, decode(flag.value).getValue());
            }
        }
        provider.load(values);
        return provider;
    }

    /** The provider of a running task (for tests and diagnostics); null if the task has not started. */
    public StreamFlagProvider provider(TaskId task) {
        return providers.get(task);
    }

    private PolicyExtension.Values open(TaskExtensions.Stores stores) {
        if (stores.taskId() == null) {
            throw new IllegalStateException("flags are read per streams task, but no task is bound");
        }
        StreamFlagProvider provider = open(stores.taskId(), stores.store(STORE));
        return new PolicyExtension.Values() {
            // One decision task is one thread: the map handed out is rebuilt only when the snapshot changed.
            private Map<String, Object> snapshot;
            private Map<String, Object> values;

            @Override
            public Map<String, Object> of(PolicyInput request, Instant now) {
                Map<String, Object> current = provider.celValues();
                if (current != snapshot) {
                    snapshot = current;
                    values = Map.of(FlagsExtension.VARIABLE, current);
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
