package io.govstream.axon.work;

import io.govstream.events.DispatchCommand;
import io.govstream.runtime.commands.CommandSeal;
import io.govstream.runtime.commands.CommandSeal.Refusal;
import io.govstream.runtime.commands.NonceStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Axon checks before it acts on a command: a signature by a key it knows over the
 * command's canonical bytes, an expiry in the future, a target that is this worker (the
 * signature covers it), a nonce and a command id not seen before.
 * Only commands that pass are marked as seen, so a forged copy cannot block the real command.
 */
final class CommandGate {
    private static final Logger LOG = LoggerFactory.getLogger(CommandGate.class);

    private final Path verifyKey;
    private final NonceStore done;
    private final NonceStore nonces;
    private final String target;
    private volatile CommandSeal.Verifier verifier;

    /**
     * @param verifyKey the public keyset file; {@code null} = no key, every command is refused
     * @param target    this worker's name: only commands whose target it is are done
     */
    CommandGate(Path verifyKey, NonceStore done, NonceStore nonces, String target) {
        this.verifyKey = verifyKey;
        this.target = java.util.Objects.requireNonNull(target, "target");
        this.done = done;
        this.nonces = nonces;
        this.verifier = verifyKey == null ? null : CommandSeal.Verifier.fromFile(verifyKey);
        if (verifyKey == null) {
            LOG.error("axon.commands.verify-key is not set: every command will be refused");
        }
    }

    /** Null when the command may be done (and it is then marked as seen); else why not. */
    Refusal admit(DispatchCommand command, Instant now) {
        if (verifier == null) {
            return command.getSignature() == null ? Refusal.UNSIGNED : Refusal.UNKNOWN_KEY;
        }
        if (command.getKeyId() != null && !verifier.knows(command.getKeyId())) {
            reload();
        }
        Refusal refusal = verifier.check(command, now);
        if (refusal != null) {
            return refusal;
        }
        if (!target.equals(command.getTarget())) {
            // Handlers are picked by intent alone: a permitted billing/refund must not become Axon's refund.
            return Refusal.MISADDRESSED;
        }
        if (!nonces.firstTime(command.getNonce(), command.getExpiresAt(), now)) {
            return Refusal.REPLAYED;
        }
        if (!done.firstTime(command.getCommandId(), command.getExpiresAt(), now)) {
            return Refusal.REPLAYED;
        }
        return null;
    }

    /** Undoes {@link #admit} for a command whose result was not committed. */
    void forget(DispatchCommand command) {
        done.forget(command.getCommandId());
        if (command.getNonce() != null) {
            nonces.forget(command.getNonce());
        }
    }

    /** A key rotated in since start: the verify keyset file already has it (rotation writes it first). */
    private void reload() {
        if (verifyKey != null && Files.isRegularFile(verifyKey)) {
            verifier = CommandSeal.Verifier.fromFile(verifyKey);
        }
    }
}
