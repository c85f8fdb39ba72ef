package io.govstream.axon.work;

import io.govstream.events.DispatchCommand;
import io.govstream.events.DispatchResult;
import io.govstream.events.DispatchStatus;
import io.govstream.runtime.commands.CommandSeal;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Axon does with a command its {@link CommandGate} refused: log and count it by reason,
 * publish it as a REFUSED result on the refusals topic (governance-streams ledgers each one on the
 * chain of its correlation id's partition: Axon may not write the ledger itself), and, unless it is
 * a replay, answer the caller with the same REFUSED result on the results topic. A replay gets no
 * new result there: the first delivery's result stands, a second one would only muddle it.
 *
 * @param worker this worker's name, which a command's target must be
 */
record Refusals(ResultWriter results, String refusalsTopic, WorkMeters meters, String worker) {
    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);

    /** @param traceparent the span that handled the command */
    void refuse(DispatchCommand command, CommandSeal.Refusal refusal, Instant started, String traceparent) {
        meters.refused(refusal).increment();
        String error = "refused (" + refusal.tag() + "): " + explain(refusal, command, worker);
        DispatchResult refused = results.result(command, DispatchStatus.REFUSED, "{}", error, started, traceparent);
        results.write(refusalsTopic, refused);
        if (refusal == CommandSeal.Refusal.REPLAYED) {
            LOG.warn("Refused command {}: replayed (already done, or its nonce already seen); not doing it again",
                    command.getCommandId());
            meters.duplicate();
            return;
        }
        if (refusal == CommandSeal.Refusal.MISROUTED) {
            // Like a replay, no result: the command's genuine record, where its key routes it, is answered by its worker.
            LOG.warn("Refused command {}: {}", command.getCommandId(), error);
            return;
        }
        LOG.warn("Refused command {} ({}): {}", command.getCommandId(), command.getIntent(), error);
        results.write(results.resultsTopic(), refused);
    }

    static String explain(CommandSeal.Refusal refusal, DispatchCommand command, String worker) {
        return switch (refusal) {
            case UNSIGNED -> "the command carries no signature, key id, expiry or nonce";
            case TAMPERED -> "the signature does not match the command's content";
            case UNKNOWN_KEY -> "signed with key " + command.getKeyId() + ", which is not (or no longer) a verification key";
            case EXPIRED -> "expired at " + command.getExpiresAt();
            case REPLAYED -> "already seen";
            case MISADDRESSED -> "the command is addressed to '" + command.getTarget() + "'; this worker executes only commands"
                    + " addressed to '" + worker + "'";
            case MISROUTED -> "the record is not where its correlation id routes it (its key and that key's partition): a copy"
                    + " written around the routing that keeps every copy of a command with one worker";
        };
    }
}
