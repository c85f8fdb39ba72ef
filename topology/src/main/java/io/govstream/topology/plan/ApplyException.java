package io.govstream.topology.plan;

/** An action failed; {@link #completed()} says what had been applied before it. */
public final class ApplyException extends TopologyException {

    private final ApplyReport completed;

    ApplyException(String failedAction, ApplyReport completed, Throwable cause) {
        super("Failed to apply '" + failedAction + "' after " + completed.applied().size()
                + " successful action(s): " + cause.getMessage(), cause);
        this.completed = completed;
    }

    public ApplyReport completed() {
        return completed;
    }
}
