package io.govstream.topology.plan;

import org.apache.kafka.clients.admin.Admin;

import java.util.concurrent.ExecutionException;

/** One change a plan makes to a cluster; it describes and applies itself. */
public interface Action {

    /** Creates run before updates, updates before deletes: the phase is the mark {@link #describe()} starts with. */
    default Phase phase() {
        return switch (describe().charAt(0)) {
            case '+' -> Phase.CREATE;
            case '~' -> Phase.UPDATE;
            case '-' -> Phase.DELETE;
            default -> throw new IllegalStateException("no +, ~ or - mark: " + describe());
        };
    }

    /** One line for a human: {@code +} create, {@code ~} change, {@code -} delete. */
    String describe();

    void apply(Admin admin) throws ExecutionException, InterruptedException;
}
