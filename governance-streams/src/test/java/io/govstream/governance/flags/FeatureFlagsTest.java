package io.govstream.governance.flags;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.governance.TaskBindings;
import io.govstream.events.Envelope;
import io.govstream.events.FlagChange;
import io.govstream.governance.Requests;
import io.govstream.governance.policy.TaskExtensions;
import io.govstream.policy.FlagsExtension;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyInput;
import io.govstream.policy.StateExtension;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** A task that starts (after a restart or a move) reads its flags from the restored store. */
class FeatureFlagsTest {

    @Test
    void givenARestoredStore_whenTheDecisionTaskOpensTheFlags_thenItsDecisionsSeeThem_andEachTaskHasItsOwn() {
        FeatureFlags flags = new FeatureFlags(io.govstream.topology.Catalogue.load().changelog(io.govstream.topology.Topics.PERSONAL_CHANGELOG));
        KeyValueStore<String, byte[]> restored = store();
        restored.put("axon_paused", FeatureFlags.encode(change("axon_paused", true)));
        KeyValueStore<String, Long> version = versions();
        KeyValueStore<String, byte[]> other = store();

        var values = flags.binding().opener().apply(stores(restored, version));
        var otherValues = flags.binding().opener().apply(stores(other, versions()));

        PolicyInput input = new PolicyInput("orbit", "axon", "reason", "alice", "acme");
        assertThat(values.of(input, Requests.NOW)).containsEntry(FlagsExtension.VARIABLE, Map.of("axon_paused", true));
        assertThat(otherValues.of(input, Requests.NOW)).containsEntry(FlagsExtension.VARIABLE, Map.of());

        // What apply-flag does with a change: the store, then the count that tells decisions to read it again.
        restored.put("axon_paused", FeatureFlags.encode(change("axon_paused", false)));
        FeatureFlags.changed(version);
        assertThat(values.of(input, Requests.NOW)).containsEntry(FlagsExtension.VARIABLE, Map.of("axon_paused", false));
        assertThat(otherValues.of(input, Requests.NOW)).containsEntry(FlagsExtension.VARIABLE, Map.of());
    }

    @Test
    void givenAnEnvironmentWithoutFlags_whenBoundToATask_thenTheFlagsStoreIsNotRead_andWithFlagsItIs() {
        FeatureFlags flags = new FeatureFlags(io.govstream.topology.Catalogue.load().changelog(io.govstream.topology.Topics.PERSONAL_CHANGELOG));

        assertThat(TaskBindings.of(new PolicyEnvironment(List.of(StateExtension.INSTANCE)), flags).storeNames())
                .doesNotContain(FeatureFlags.STORE);
        assertThat(TaskBindings.of(PolicyEnvironment.standard(), flags).storeNames()).contains(FeatureFlags.STORE);
        assertThat(TaskBindings.of(PolicyEnvironment.standard(), null).storeNames()).doesNotContain(FeatureFlags.STORE);
    }

    /** An empty in-memory store, initialised outside a task (for tests and the benchmark). */
    static KeyValueStore<String, byte[]> store() {
        return store(FeatureFlags.STORE, Serdes.ByteArray());
    }

    static KeyValueStore<String, Long> versions() {
        return store(FeatureFlags.VERSION_STORE, Serdes.Long());
    }

    private static <V> KeyValueStore<String, V> store(String name, org.apache.kafka.common.serialization.Serde<V> values) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), values).withLoggingDisabled().build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    /** The stores of a task holding only its flags. */
    static TaskExtensions.Stores stores(KeyValueStore<String, byte[]> flags, KeyValueStore<String, Long> versions) {
        return new TaskExtensions.Stores() {
            @Override
            @SuppressWarnings("unchecked")
            public <S extends StateStore> S store(String name) {
                return (S) (name.equals(FeatureFlags.VERSION_STORE) ? versions : flags);
            }
        };
    }

    private static FlagChange change(String name, Object value) {
        return FlagChange.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId("e").setCorrelationId("e").setCausationId("e").setTenant("*")
                        .setOccurredAt(Requests.NOW).setProducer("test").build())
                .setName(name).setValue(value).setAuthor("alice").setChangedAt(Requests.NOW).build();
    }
}
