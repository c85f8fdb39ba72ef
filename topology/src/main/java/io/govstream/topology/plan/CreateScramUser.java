package io.govstream.topology.plan;

import io.govstream.topology.secrets.SecretStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Gives a principal its SCRAM-SHA-512 credential. The password is read (or generated) only when
 * applied, so a dry run leaves no secret files behind.
 */
record CreateScramUser(String principal, SecretStore secrets) implements Action {

    /** Twice the SCRAM-SHA-512 minimum; verification cost is paid once per connection. */
    static final int ITERATIONS = 8192;

    @Override
    public Phase phase() {
        return Phase.CREATE;
    }

    @Override
    public String describe() {
        return "+ scram-user " + principal;
    }

    @Override
    public void apply(Admin admin) throws ExecutionException, InterruptedException {
        ScramCredentialInfo info = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS);
        admin.alterUserScramCredentials(List.of(
                new UserScramCredentialUpsertion(principal, info, secrets.passwordFor(principal)))).all().get();
    }
}
