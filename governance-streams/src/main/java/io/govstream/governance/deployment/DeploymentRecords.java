package io.govstream.governance.deployment;

import io.govstream.policy.PromotionGate;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.schemas.Envelopes;
import io.govstream.events.LedgerEntryKind;
import io.govstream.events.deployment.DeployCommand;
import io.govstream.events.deployment.DeploymentAction;
import io.govstream.events.deployment.DeploymentDecision;
import io.govstream.events.deployment.DeploymentEvent;
import io.govstream.governance.dispatch.DispatchDecider;
import io.govstream.policy.PolicySet;
import io.govstream.ledger.LedgerFact;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** Builds the ledger facts, decisions and deploy commands of the deployment gate. */
final class DeploymentRecords {
    private DeploymentRecords() {
    }

    /** What a decision is about, and what caused it. */
    record Subject(String service, String tenant, String version, DeploymentAction action, String from, String to, String requester,
                   String correlationId, String causationId, String traceparent) {
    }

    /** The policy set a decision is decided under: every decision names its id, version and content hash. */
    record DecidedBy(String setId, String version, String hash) {
        static DecidedBy of(PolicySet set) {
            return new DecidedBy(set.id(), set.version(), set.contentHash());
        }
    }

    /** Every event is a STATE_CHANGE entry keyed by its service, in the chain of the task that owns the service. */
    static LedgerFact event(DeploymentEvent event, String tenant, Instant now) {
        Envelope in = DeploymentEvents.envelope(event);
        Envelope envelope = Envelopes.causedBy(in, Envelopes.derivedId("govstream-deployment-event:" + in.getEventId()), tenant,
                DispatchDecider.PRODUCER, now);
        return new LedgerFact(envelope, LedgerEntryKind.STATE_CHANGE, DeploymentEvents.service(event),
                DeploymentEvent.getClassSchema().getFullName(), LedgerFact.avroBinary(event));
    }

    /** @param named the people the decision names besides its requester (approvers, the sender of the event applied) */
    static DeploymentDecision decision(Subject subject, PromotionGate.Outcome outcome, List<String> notes, java.util.Collection<String> named,
                                       DecidedBy set, Instant now) {
        List<String> said = Stream.concat(outcome.ignored().stream(), notes.stream()).toList();
        String reason = said.isEmpty() ? outcome.reason() : outcome.reason() + " (" + String.join("; ", said) + ")";
        // The gate's correlation (the promotion request's), caused by an event, a timer or a watch.
        Envelope envelope = Envelopes.of(Envelopes.derivedId("govstream-deployment-decision:" + subject.causationId() + ":" + subject.version()
                        + ":" + subject.to() + ":" + subject.action() + ":" + now.toEpochMilli()), subject.correlationId(),
                subject.causationId(), subject.tenant(), now, DispatchDecider.PRODUCER, subject.traceparent());
        return DeploymentDecision.newBuilder()
                .setEnvelope(envelope)
                .setService(subject.service())
                .setVersion(subject.version())
                .setAction(subject.action())
                .setFromEnvironment(subject.from())
                .setToEnvironment(subject.to())
                .setEffect(outcome.effect())
                .setPolicySetId(set.setId())
                .setPolicyVersion(set.version())
                .setPolicyHash(set.hash())
                .setRuleId(outcome.ruleId())
                .setReason(reason)
                .setMissing(outcome.missing())
                .setRequester(subject.requester())
                .setApprovals(outcome.counted())
                .setChecks(outcome.passed())
                .setApprovers(List.copyOf(named))
                .build();
    }

    static LedgerFact fact(DeploymentDecision decision) {
        return new LedgerFact(decision.getEnvelope(), LedgerEntryKind.DECISION, decision.getService(),
                DeploymentDecision.getClassSchema().getFullName(), LedgerFact.avroBinary(decision));
    }

    /** The unsigned command a PERMIT decision allows. */
    static DeployCommand command(DeploymentDecision decision, String digest, String colour) {
        if (decision.getEffect() != Effect.PERMIT) {
            throw new IllegalArgumentException("only a PERMIT decision yields a deploy command, not " + decision.getEffect());
        }
        String commandId = Envelopes.derivedId("govstream-deploy-command:" + decision.getEnvelope().getEventId());
        Envelope in = decision.getEnvelope();
        return DeployCommand.newBuilder()
                .setEnvelope(Envelopes.commandOf(in, commandId))
                .setCommandId(commandId)
                .setDecisionEventId(in.getEventId())
                .setAction(decision.getAction())
                .setService(decision.getService())
                .setVersion(decision.getVersion())
                .setEnvironment(decision.getToEnvironment())
                .setDigest(digest)
                .setColour(colour)
                .build();
    }
}
