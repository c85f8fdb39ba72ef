package io.govstream.governance;

import io.govstream.events.DispatchRequested;
import io.govstream.governance.deadletter.DeadLetterProcessor;
import io.govstream.governance.deadletter.DecodeProcessor;
import io.govstream.governance.deadletter.Decoded;
import io.govstream.governance.dispatch.DecideDispatchProcessor;
import io.govstream.governance.dispatch.Decided;
import io.govstream.governance.dispatch.DispatchCommands;
import io.govstream.governance.dispatch.DispatchDecider;
import io.govstream.governance.policy.PolicySource;
import io.govstream.ledger.LedgerAppendProcessor;
import io.govstream.ledger.LedgerFact;
import io.govstream.ledger.LedgerPartitioner;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The governance topology, as a pure function: it builds a {@link Topology} and starts nothing.
 *
 * <pre>
 * dispatch-requests (bytes)
 *   → decode-dispatch-request ─ undecodable → to-dead-letter → dead-letters-sink
 *   → decide-dispatch (validate, evaluate; key = correlation id)
 *       ├→ decision-value → decisions-sink
 *       ├→ permitted-only → to-axon-command → axon-commands-sink
 *       └→ ledger-append [ledger-heads] → ledger-sink (partition = input partition)
 * </pre>
 *
 * The ledger entry of a decision is written in the same task, so under exactly_once_v2 it is in
 * the same transaction as the decision (invariant 2). Every node and the store are named: their
 * names are the identity of state and must not change silently (STYLE #2).
 */
public final class GovernanceTopology {
    public static final String SOURCE = "dispatch-requests-source";
    public static final String DECODE = "decode-dispatch-request";
    public static final String DECODED_SPLIT = "decoded-";
    public static final String TO_DEAD_LETTER = "to-dead-letter";
    public static final String DEAD_LETTERS_SINK = "dead-letters-sink";
    public static final String DECIDE = "decide-dispatch";
    public static final String DECISION_VALUE = "decision-value";
    public static final String DECISIONS_SINK = "decisions-sink";
    public static final String PERMITTED_ONLY = "permitted-only";
    public static final String TO_AXON_COMMAND = "to-axon-command";
    public static final String AXON_COMMANDS_SINK = "axon-commands-sink";
    public static final String LEDGER_APPEND = "ledger-append";
    public static final String OBSERVE_DECISION = "observe-decision";
    public static final String OBSERVE_DEAD_LETTER = "observe-dead-letter";
    public static final String LEDGER_SINK = "ledger-sink";
    public static final String LEDGER_HEADS_STORE = LedgerAppendProcessor.HEADS_STORE;

    private GovernanceTopology() {
    }

    public static Topology build(GovernanceTopics topics, GovernanceSerdes serdes, PolicySource policies) {
        return build(topics, serdes, policies, new DispatchDecider(), GovernanceObserver.NONE);
    }

    public static Topology build(GovernanceTopics topics, GovernanceSerdes serdes, PolicySource policies,
                                 GovernanceObserver observer) {
        return build(topics, serdes, policies, new DispatchDecider(), observer);
    }

    public static Topology build(GovernanceTopics topics, GovernanceSerdes serdes, PolicySource policies, DispatchDecider decider) {
        return build(topics, serdes, policies, decider, GovernanceObserver.NONE);
    }

    public static Topology build(GovernanceTopics topics, GovernanceSerdes serdes, PolicySource policies, DispatchDecider decider,
                                 GovernanceObserver observer) {
        StreamsBuilder builder = new StreamsBuilder();

        KStream<byte[], Decoded<DispatchRequested>> decoded = builder
                .stream(topics.dispatchRequests(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(SOURCE))
                .processValues(() -> new DecodeProcessor<>(serdes.requests().deserializer()), Named.as(DECODE));

        Map<String, KStream<byte[], Decoded<DispatchRequested>>> branches = decoded.split(Named.as(DECODED_SPLIT))
                .branch((key, value) -> value.failed(), Branched.as("undecodable"))
                .defaultBranch(Branched.as("ok"));

        branches.get(DECODED_SPLIT + "undecodable")
                .processValues(DeadLetterProcessor<DispatchRequested>::new, Named.as(TO_DEAD_LETTER))
                .peek((key, letter) -> observer.deadLettered(letter), Named.as(OBSERVE_DEAD_LETTER))
                .to(topics.deadLetters(), Produced.with(Serdes.ByteArray(), serdes.deadLetters()).withName(DEAD_LETTERS_SINK));

        KStream<String, Decided> decided = branches.get(DECODED_SPLIT + "ok")
                .mapValues(Decoded::value, Named.as("decoded-value"))
                .process(() -> new DecideDispatchProcessor<>(policies, decider), Named.as(DECIDE));

        decided.foreach((key, value) -> observer.decided(value.request(), value.decision()), Named.as(OBSERVE_DECISION));

        decided.mapValues(Decided::decision, Named.as(DECISION_VALUE))
                .to(topics.decisions(), Produced.with(Serdes.String(), serdes.decisions()).withName(DECISIONS_SINK));

        decided.filter((key, value) -> value.permitted(), Named.as(PERMITTED_ONLY))
                .mapValues(DispatchCommands::of, Named.as(TO_AXON_COMMAND))
                .to(topics.axonCommands(), Produced.with(Serdes.String(), serdes.commands()).withName(AXON_COMMANDS_SINK));

        decided.process(LedgerAppendProcessor.<String, Decided>supplier(DispatchDecider.PRODUCER,
                        value -> LedgerFact.decision(value.decision())), Named.as(LEDGER_APPEND))
                .to(topics.ledger(), Produced.with(Serdes.String(), serdes.ledgerEntries(), new LedgerPartitioner<String>())
                        .withName(LEDGER_SINK));

        return builder.build();
    }
}
