package io.govstream.governance.deployment;

import io.govstream.governance.stores.StoreEntries;
import io.govstream.events.SubjectErasure;
import io.govstream.events.deployment.CheckResult;
import io.govstream.events.deployment.DeploymentState;
import io.govstream.events.deployment.GateApproval;
import io.govstream.events.deployment.OpenGate;
import io.govstream.governance.gdpr.ErasedNames;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Erases a data subject from the deployment gates this task holds: wherever a gate's state names
 * them (requester of an open promotion, approver, reporter of a check) their name gives way to
 * their pseudonym ({@link ErasedNames#replacement}), also inside the last reason kept to suppress
 * repeated reports. Gates stay as they are otherwise: an erased requester's promotion is a
 * release's, not a person's, and an erased approver's approval still counts once. The superseded
 * changelog records go by compaction within the store's bound. Forwards nothing.
 */
public final class EraseFromGatesProcessor implements Processor<String, SubjectErasure, Void, Void> {
    private KeyValueStore<String, DeploymentState> gates;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.gates = context.getStateStore(DeploymentGates.STORE);
    }

    @Override
    public void process(Record<String, SubjectErasure> record) {
        if (record.value() == null) {
            return;
        }
        String ref = record.value().getSubjectRef();
        for (KeyValue<String, DeploymentState> entry : StoreEntries.all(gates)) {
            DeploymentState scrubbed = scrub(entry.value, ref);
            if (scrubbed != null) {
                gates.put(entry.key, scrubbed);
            }
        }
    }

    /** The state without the person, or null when it does not name them. */
    static DeploymentState scrub(DeploymentState state, String ref) {
        Map<String, String> replaced = new LinkedHashMap<>();
        DeploymentState copy = DeploymentState.newBuilder(state).build();
        for (CheckResult check : copy.getChecks()) {
            check.setReporter(replace(check.getReporter(), ref, replaced));
        }
        for (GateApproval approval : copy.getApprovals()) {
            approval.setApprover(replace(approval.getApprover(), ref, replaced));
        }
        for (OpenGate gate : copy.getGates()) {
            gate.setRequester(replace(gate.getRequester(), ref, replaced));
        }
        if (replaced.isEmpty()) {
            return null;
        }
        for (OpenGate gate : copy.getGates()) {
            String reason = gate.getLastReason();
            for (Map.Entry<String, String> name : replaced.entrySet()) {
                reason = reason.replace(name.getKey(), name.getValue());
            }
            gate.setLastReason(reason);
        }
        return copy;
    }

    private static String replace(String name, String ref, Map<String, String> replaced) {
        if (!ErasedNames.names(name, ref)) {
            return name;
        }
        String marker = ErasedNames.replacement(name);
        replaced.put(name, marker);
        return marker;
    }
}
