package io.govstream.topology.plan;

import io.govstream.topology.Catalogue;
import io.govstream.topology.PrincipalSpec;
import io.govstream.topology.secrets.SecretStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;

import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * SCRAM users: one per principal. A user that already has a SCRAM-SHA-512 credential is left
 * alone, so re-applying never rotates a password that running services still use.
 */
final class ScramUserPlanner {

    private ScramUserPlanner() {
    }

    static void plan(Admin admin, Catalogue catalogue, SecretStore secrets, PlanBuilder plan)
            throws ExecutionException, InterruptedException {
        Map<String, UserScramCredentialsDescription> users = admin.describeUserScramCredentials().all().get();
        for (PrincipalSpec principal : catalogue.principals()) {
            if (!CreateScramUser.hasCredential(users.get(principal.name()))) {
                plan.add(new CreateScramUser(principal.name(), secrets));
            }
        }
    }
}
