package io.govstream.topology.plan;

import io.govstream.topology.secrets.SecretStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.errors.ResourceNotFoundException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Gives a principal its SCRAM-SHA-512 credential. The password is read (or generated) only when
 * applied, so a dry run leaves no secret files behind.
 */
record CreateScramUser(String principal, SecretStore secrets) implements Action {

    /**
     * Kafka's minimum for SCRAM-SHA-512, as RFC 7677 recommends. The count only slows guessing a
     * password from a leaked credential, and these passwords are 192 random bits ({@link
     * SecretStore}), beyond guessing at any count; but every client pays it on every connection
     * (it derives the salted password each time), and a platform start opens dozens.
     */
    static final int ITERATIONS = 4096;

    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);

    @Override
    public String describe() {
        return "+ scram-user " + principal;
    }

    @Override
    public void apply(Admin admin) throws ExecutionException, InterruptedException {
        ScramCredentialInfo info = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS);
        admin.alterUserScramCredentials(List.of(
                new UserScramCredentialUpsertion(principal, info, secrets.passwordFor(principal)))).all().get();
        awaitVisible(admin);
    }

    /** Whether {@code user} (null: a user the cluster does not know) has a SCRAM-SHA-512 credential. */
    static boolean hasCredential(UserScramCredentialsDescription user) {
        return user != null && user.credentialInfos().stream().anyMatch(info -> info.mechanism() == ScramMechanism.SCRAM_SHA_512);
    }

    /**
     * Returns once the broker answers with the credential. The controller has committed it when
     * the request completes, but the broker applies it to what it serves (and authenticates with)
     * a moment later: a client connecting, or a plan made, right after would not see it yet.
     */
    private void awaitVisible(Admin admin) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
        while (true) {
            try {
                if (hasCredential(admin.describeUserScramCredentials(List.of(principal)).description(principal).get())) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof ResourceNotFoundException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new ExecutionException(new TimeoutException("the broker did not show the credential of " + principal
                        + " within " + VISIBLE_WITHIN.toSeconds() + " s of the controller committing it"));
            }
            Thread.sleep(20);
        }
    }
}
