package io.govstream.topology.plan;

import org.apache.kafka.clients.admin.Admin;

import java.util.concurrent.ExecutionException;

/** One change a plan makes to a cluster; it describes and applies itself. */
public interface Action {

    /** Creates run before updates, updates before deletes. */
    Phase phase();

    /** One line for a human: {@code +} create, {@code ~} change, {@code -} delete. */
    String describe();

    void apply(Admin admin) throws ExecutionException, InterruptedException;
}
