package io.govstream.governance.app.metrics;

import io.govstream.events.DeadLetter;
import io.govstream.events.DispatchRequested;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.ShadowDecision;
import io.govstream.events.deployment.DeploymentDecision;
import io.govstream.governance.observe.GovernanceObserver;
import io.govstream.governance.deployment.DeploymentGateProcessor;
import io.govstream.policy.Verdict;
import io.govstream.runtime.logging.EventMdc;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision metrics of governance-streams, fed by the topology's {@link GovernanceObserver}
 * hook on the stream thread:
 *
 * <ul>
 *   <li>{@code governance_decision_latency_seconds} (histogram, label {@code effect}): from the
 *       request's {@code occurredAt} to its decision;</li>
 *   <li>{@code governance_decisions_total{effect,policy_set,rule,tenant}};</li>
 *   <li>{@code governance_validation_errors_total}: requests denied by validation;</li>
 *   <li>{@code governance_dead_letters_total{reason}}: reason = the error type;</li>
 *   <li>{@code governance_ledger_appends_total{kind}}: one ledger entry per decision, kind {@code decision} (dispatch)
 *       or {@code deployment};</li>
 *   <li>{@code governance_policy_shadow_decisions_total{policy_set,version,diverged}}: requests a shadow
 *       policy set was evaluated on, and whether its effect differed from the active decision's.</li>
 *   <li>{@code governance_deployment_decisions_total{action,effect,rule,tenant}}: the deployment gate's decisions;</li>
 *   <li>{@code governance_deployment_reports_refused_total{rule}}: deployment reports of what no decision allowed, refused:
 *       a completion without a PERMIT, a rollback to a version that never ran there, a switch to one that does not run
 *       there (registered at start, so the alert on its increase sees the first one).</li>
 * </ul>
 *
 * Rule, tenant, policy set and reason labels are capped ({@link BoundedLabel}). Under
 * exactly-once a record can be processed again after an aborted transaction, so counts are
 * at-least-once. Also logs each event with its correlation id, tenant and trace id in the MDC
 * (never the subject, which is personal data).
 */
public final class GovernanceMetrics implements GovernanceObserver {
    private static final Logger LOG = LoggerFactory.getLogger(GovernanceMetrics.class);

    private final MeterRegistry meters;
    private final BoundedLabel tenants;
    private final BoundedLabel rules;
    private final BoundedLabel policySets;
    private final BoundedLabel reasons;
    private final Counter validationErrors;
    private final Counter ledgerAppends;
    private final Map<String, Counter> refusedReports;
    private final Counter deploymentLedgerAppends;

    public GovernanceMetrics(MeterRegistry meters, int maxTenants, int maxRules) {
        this.meters = meters;
        this.tenants = new BoundedLabel(maxTenants);
        this.rules = new BoundedLabel(maxRules);
        this.policySets = new BoundedLabel(maxRules);
        this.reasons = new BoundedLabel(50);
        this.validationErrors = Counter.builder("governance.validation.errors")
                .description("Requests that failed validation and were denied with the validation error as reason")
                .register(meters);
        this.ledgerAppends = appends("decision");
        this.deploymentLedgerAppends = appends("deployment");
        this.refusedReports = Stream.of(DeploymentGateProcessor.UNPERMITTED_COMPLETION, DeploymentGateProcessor.UNKNOWN_ROLLBACK_VERSION,
                DeploymentGateProcessor.SWITCH_NOT_RUNNING).collect(Collectors.toMap(rule -> rule, rule -> Counter.builder(
                        "governance.deployment.reports.refused")
                .description("Deployment reports (a completion, a rollback, a traffic switch) of what no decision allowed: refused, ledgered, never applied")
                .tag("rule", rule).register(meters)));
        Stream.of("PERMIT", "DENY", "ESCALATE", "PENDING").forEach(this::latency);
    }

    private Counter appends(String kind) {
        return Counter.builder("governance.ledger.appends")
                .description("Ledger entries appended, in the same transaction as what they record")
                .tag("kind", kind)
                .register(meters);
    }

    private Timer latency(String effect) {
        return Timer.builder("governance.decision.latency")
                .description("Time from a request's occurredAt to its decision")
                .tag("effect", effect)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(meters);
    }

    @Override
    public void decided(DispatchRequested request, GovernanceDecision decision) {
        try (EventMdc mdc = EventMdc.of(decision.getEnvelope())) {
            String effect = decision.getEffect().name();
            Instant requested = request.getEnvelope() == null ? null : request.getEnvelope().getOccurredAt();
            Instant decided = decision.getEnvelope().getOccurredAt();
            if (requested != null && decided != null) {
                Duration took = Duration.between(requested, decided);
                latency(effect).record(took.isNegative() ? Duration.ZERO : took);
            }
            Counter.builder("governance.decisions")
                    .description("Decisions, by effect, policy set, deciding rule and tenant (rule and tenant capped, then 'other')")
                    .tag("effect", effect)
                    .tag("policy_set", policySets.of(decision.getPolicySetId()))
                    .tag("rule", rules.of(decision.getRuleId()))
                    .tag("tenant", tenants.of(decision.getEnvelope().getTenant()))
                    .register(meters)
                    .increment();
            if (Verdict.VALIDATION.equals(decision.getRuleId())) {
                validationErrors.increment();
            }
            ledgerAppends.increment();
            LOG.debug("Decided {} by rule {} of policy set {} v{}", effect, decision.getRuleId(), decision.getPolicySetId(),
                    decision.getPolicyVersion());
        } catch (RuntimeException e) {
            // The observer must never fail the stream thread: a metric is not worth a decision.
            LOG.warn("Could not record the metrics of a decision: {}", e.toString());
        }
    }

    @Override
    public void shadowDecided(ShadowDecision shadow) {
        try {
            Counter.builder("governance.policy.shadow.decisions")
                    .description("Requests a shadow policy set was evaluated on (never enforced), by whether its effect diverged from the active decision")
                    .tag("policy_set", policySets.of(shadow.getPolicySetId()))
                    .tag("version", shadow.getPolicyVersion())
                    .tag("diverged", Boolean.toString(shadow.getDiverged()))
                    .register(meters)
                    .increment();
        } catch (RuntimeException e) {
            LOG.warn("Could not record the metrics of a shadow decision: {}", e.toString());
        }
    }

    @Override
    public void deadLettered(DeadLetter letter) {
        try (EventMdc mdc = EventMdc.of(letter.getEnvelope())) {
            Counter.builder("governance.dead.letters")
                    .description("Input records sent to the dead-letter topic, by error type")
                    .tag("reason", reasons.of(letter.getErrorType()))
                    .register(meters)
                    .increment();
            LOG.warn("Dead-lettered {}-{}@{}: {}", letter.getSourceTopic(), letter.getSourcePartition(), letter.getSourceOffset(),
                    letter.getErrorType());
        } catch (RuntimeException e) {
            LOG.warn("Could not record the metrics of a dead letter: {}", e.toString());
        }
    }

    @Override
    public void deploymentDecided(DeploymentDecision decision) {
        try (EventMdc mdc = EventMdc.of(decision.getEnvelope())) {
            Counter.builder("governance.deployment.decisions")
                    .description("Deployment gate decisions, by action, effect, deciding rule and tenant (rule and tenant capped, then 'other')")
                    .tag("action", decision.getAction().name())
                    .tag("effect", decision.getEffect().name())
                    .tag("rule", rules.of(decision.getRuleId()))
                    .tag("tenant", tenants.of(decision.getEnvelope().getTenant()))
                    .register(meters)
                    .increment();
            Counter refused = refusedReports.get(decision.getRuleId());
            if (refused != null) {
                refused.increment();
            }
            deploymentLedgerAppends.increment();
        } catch (RuntimeException e) {
            LOG.warn("Could not record the metrics of a deployment decision: {}", e.toString());
        }
    }
}
