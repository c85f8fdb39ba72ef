package io.govstream.governance.flags;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.governance.GovernanceTopology;
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
        KeyValueStore<String, byte[]> other = store();

        var values = flags.binding().opener().apply(stores(new TaskId(0, 1), restored));
        flags.binding().opener().apply(stores(new TaskId(0, 2), other));

        PolicyInput input = new PolicyInput("orbit", "axon", "reason", "alice", "acme");
        assertThat(values.of(input, Requests.NOW)).containsEntry(FlagsExtension.VARIABLE, Map.of("axon_paused", true));
        assertThat(flags.provider(new TaskId(0, 2)).celValues()).isEmpty();

        flags.provider(new TaskId(0, 1)).apply("axon_paused", false);
        assertThat(values.of(input, Requests.NOW)).containsEntry(FlagsExtension.VARIABLE, Map.of("axon_paused", false));
    }

    @Test
    void givenAnEnvironmentWithoutFlags_whenBoundToATask_thenTheFlagsStoreIsNotRead_andWithFlagsItIs() {
        FeatureFlags flags = new FeatureFlags(io.govstream.topology.Catalogue.load().changelog(io.govstream.topology.Topics.PERSONAL_CHANGELOG));

        assertThat(GovernanceTopology.taskExtensions(new PolicyEnvironment(List.of(StateExtension.INSTANCE)), flags).storeNames())
                .doesNotContain(FeatureFlags.STORE);
        assertThat(GovernanceTopology.taskExtensions(PolicyEnvironment.standard(), flags).storeNames()).contains(FeatureFlags.STORE);
        assertThat(GovernanceTopology.taskExtensions(PolicyEnvironment.standard(), null).storeNames()).doesNotContain(FeatureFlags.STORE);
    }

    /** An empty flags store, initialised outside a task (for tests and the benchmark). */
    static KeyValueStore<String, byte[]> store() {
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FeatureFlags.STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    /** The stores of a task holding only {@code store}. */
    static TaskExtensions.Stores stores(TaskId task, KeyValueStore<String, byte[]> store) {
        return new TaskExtensions.Stores() {
            @Override
            @SuppressWarnings("unchecked")
            public <S extends StateStore> S store(String name) {
                return (S) store;
            }

            @Override
            public TaskId taskId() {
                return task;
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
