package io.govstream.governance.deployment;

import java.util.Map;
import io.govstream.ledger.PayloadDecoder;
import io.govstream.events.deployment.DeploymentState;
import io.govstream.ledger.LedgerFact;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The {@value #STORE} store: per (tenant, service) ({@link #key}), where each version runs since when, checks, approvals,
 * open gates and blue/green watches ({@link DeploymentState}, plain Avro binary: internal state,
 * read back only by this application). Persistent and changelogged: a restart or rebalance
 * restores every open gate, so soak and watch timers resume.
 */
public final class DeploymentGates {
    public static final String STORE = "deployment-gates";

    private DeploymentGates() {
    }

    /**
     * The store key of a gate: (tenant, service), length-prefixed so no tenant or service name can
     * make another's key. Two tenants' {@code checkout} are two gates, with their own approvals and policy.
     */
    public static String key(String tenant, String service) {
        String t = tenant == null ? "" : tenant;
        return t.length() + ":" + t + "|" + service;
    }

    /** @param changelog the catalogue's {@code personal} changelog profile */
    public static StoreBuilder<KeyValueStore<String, DeploymentState>> store(Map<String, String> changelog) {
        // Requesters and approvers of open gates: a value replaced or deleted leaves the changelog within the bound.
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), serde())
                .withLoggingEnabled(changelog);
    }

    static Serde<DeploymentState> serde() {
        return Serdes.serdeFrom((topic, value) -> value == null ? null : LedgerFact.avroBinary(value),
                (topic, bytes) -> bytes == null ? null : decode(bytes));
    }

    /** State written before a field was appended (with its default) still reads: see {@link PayloadDecoder}. */
    private static DeploymentState decode(byte[] bytes) {
        try {
            return PayloadDecoder.decode(bytes, DeploymentState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode DeploymentState from store " + STORE, e);
        }
    }
}
