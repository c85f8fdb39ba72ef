package io.govstream.governance.deployment;

import io.govstream.events.PolicySetPublished;
import io.govstream.events.deployment.DeploymentEvent;
import io.govstream.governance.observe.GovernanceObserver;
import io.govstream.governance.deadletter.DeadLetterRoute;
import io.govstream.governance.deadletter.Decoded;
import io.govstream.governance.deadletter.SealCheckProcessor;
import io.govstream.governance.policy.ActivePolicies;
import io.govstream.policy.CompiledPolicies;
import io.govstream.governance.policy.TaskExtensions;
import io.govstream.policy.PolicyKeys;
import io.govstream.ledger.LedgerFact;
import io.govstream.runtime.commands.EventSeal;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The deployment gate's part of the governance topology:
 *
 * <pre>
 * deployments (bytes, key = service)
 *   → decode-deployment-event ─ undecodable → deployment-dead-letter → deployment-dead-letters-sink
 *   → apply-deployment-event [deployment-gates, policy-sets] (gates; wall-clock soak, freeze and watch timers)
 *       ├→ deployment-facts (events, decisions) ─→ returned: merged into ledger-facts → ledger-append
 *       └→ deployment-commands → seal-deploy-command → deploy-commands-sink
 * ledger-erasures → erase-from-deployment-gates [deployment-gates] (names of the erased person give way to their pseudonym)
 * </pre>
 *
 * Because the facts join the governance topology's {@code ledger-append} (and the gate shares
 * {@code policy-sets} with {@code decide-dispatch}), the
 * deployments source lands in the decision sub-topology: task <i>p</i> reads partition <i>p</i> of
 * the deployments topic (same partition count as the dispatch requests, checked by the
 * catalogue) and ledgers on chain <i>p</i>, whose only writer it is.
 */
public final class DeploymentTopology {
    public static final String SOURCE = "deployments-source";
    public static final String DECODE = "decode-deployment-event";
    public static final String CHECK_SEAL = "check-deployment-event-seal";
    public static final String SPLIT = "deployment-";
    public static final String DEAD_LETTER = "deployment-dead-letter";
    public static final String DEAD_LETTERS_SINK = "deployment-dead-letters-sink";
    public static final String APPLY = "apply-deployment-event";
    public static final String FACTS = "deployment-facts";
    public static final String COMMANDS = "deployment-commands";
    public static final String SEAL = "seal-deploy-command";
    public static final String COMMANDS_SINK = "deploy-commands-sink";
    public static final String ERASE = "erase-from-deployment-gates";

    private DeploymentTopology() {
    }

    /**
     * Adds the gate to {@code builder} and returns its ledger facts, for the caller to merge into the facts of its
     * {@code ledger-append}.
     *
     * @param policiesTopic   the policies topic (its store {@code policySetsStore} holds published promotion sets)
     * @param personalChangelog the catalogue's changelog profile of stores that name people (the gates)
     * @param erasures        erasure requests (every task gets each one), or null when personal data is not protected
     */
    public static KStream<String, LedgerFact> add(StreamsBuilder builder, Map<String, String> personalChangelog, DeploymentWiring wiring,
                                                  DeadLetterRoute deadLetters, String policiesTopic,
                                                  Serde<PolicySetPublished> policySerde, CompiledPolicies compiled,
                                                  String policySetsStore, TaskExtensions extensions,
                                                  GovernanceObserver observer, EventSeal.Verifier orbitSeal,
                                                  KStream<String, io.govstream.events.SubjectErasure> erasures) {
        builder.addStateStore(DeploymentGates.store(personalChangelog));
        if (erasures != null) {
            erasures.process(EraseFromGatesProcessor::new, Named.as(ERASE), DeploymentGates.STORE);
        }
        Function<ProcessorContext<?, ?>, ActivePolicies> policies = context -> new ActivePolicies(context.getStateStore(policySetsStore),
                policiesTopic, policySerde.deserializer(), compiled, wiring.promotionPolicies(), PolicyKeys.PROMOTION_PREFIX);
        KStream<byte[], Decoded<DeploymentEvent>> decoded = deadLetters.okOf(DeadLetterRoute.decoded(builder, wiring.deployments(),
                        wiring.events(), SOURCE, DECODE)
                .processValues(() -> new SealCheckProcessor<DeploymentEvent>(orbitSeal), Named.as(CHECK_SEAL)),
                SPLIT, DEAD_LETTER, null, DEAD_LETTERS_SINK);
        KStream<String, DeploymentOutput> outputs = decoded
                .mapValues(Decoded::value, Named.as("decoded-deployment-event"))
                .process(() -> new DeploymentGateProcessor(policies, extensions::open, wiring.sweepEvery(), wiring.commandTtl(), observer),
                        Named.as(APPLY), extensions.storeNamesAfter(DeploymentGates.STORE, policySetsStore));
        outputs.filter((key, out) -> out.isCommand(), Named.as(COMMANDS))
                .mapValues(out -> wiring.sealCommands().apply(out.command()), Named.as(SEAL))
                .to(wiring.deployCommands(), Produced.with(Serdes.String(), wiring.commands()).withName(COMMANDS_SINK));
        return outputs.filter((key, out) -> out.isFact(), Named.as(FACTS + "-only"))
                .mapValues(DeploymentOutput::fact, Named.as(FACTS));
    }
}
