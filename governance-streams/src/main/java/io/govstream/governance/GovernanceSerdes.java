package io.govstream.governance;

import io.govstream.events.ApprovalEvent;
import io.govstream.events.DeadLetter;
import io.govstream.events.DispatchCommand;
import io.govstream.events.DispatchRequested;
import io.govstream.events.FlagChange;
import io.govstream.events.DispatchResult;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.events.PolicySetPublished;
import io.govstream.events.ShadowDecision;
import io.govstream.events.SubjectDataKey;
import io.govstream.events.SubjectErasure;
import io.govstream.schemas.registry.SchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** The value serdes of the governance topology's topics. Keys are bytes in, strings out. */
public record GovernanceSerdes(Serde<DispatchRequested> requests, Serde<GovernanceDecision> decisions,
                               Serde<DispatchCommand> commands, Serde<LedgerEntry> ledgerEntries, Serde<DeadLetter> deadLetters,
                               Serde<PolicySetPublished> policies, Serde<LedgerCheckpoint> ledgerCheckpoints,
                               Serde<ApprovalEvent> approvals, Serde<SubjectDataKey> subjectKeys, Serde<SubjectErasure> erasures,
                               Serde<FlagChange> flags,
                               Serde<ShadowDecision> shadowDecisions,
                               Serde<DispatchResult> refusals) {

    public GovernanceSerdes {
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(decisions, "decisions");
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(ledgerEntries, "ledgerEntries");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(ledgerCheckpoints, "ledgerCheckpoints");
        Objects.requireNonNull(approvals, "approvals");
        Objects.requireNonNull(subjectKeys, "subjectKeys");
        Objects.requireNonNull(erasures, "erasures");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(shadowDecisions, "shadowDecisions");
        Objects.requireNonNull(refusals, "refusals");
    }

    /** Confluent wire-format Avro serdes that register their schemas on first write. */
    public static GovernanceSerdes avro(SchemaRegistryClient registry) {
        return new GovernanceSerdes(
                AvroSerde.forValue(DispatchRequested.class, registry),
                AvroSerde.forValue(GovernanceDecision.class, registry),
                AvroSerde.forValue(DispatchCommand.class, registry),
                AvroSerde.forValue(LedgerEntry.class, registry),
                AvroSerde.forValue(DeadLetter.class, registry),
                AvroSerde.forValue(PolicySetPublished.class, registry),
                AvroSerde.forValue(LedgerCheckpoint.class, registry),
                AvroSerde.forValue(ApprovalEvent.class, registry),
                AvroSerde.forValue(SubjectDataKey.class, registry),
                AvroSerde.forValue(SubjectErasure.class, registry),
                AvroSerde.forValue(FlagChange.class, registry),
                AvroSerde.forValue(ShadowDecision.class, registry),

                AvroSerde.forValue(DispatchResult.class, registry));
    }
}
