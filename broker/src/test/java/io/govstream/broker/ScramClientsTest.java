package io.govstream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.ScramCredentialCallback;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ClientFirstMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ServerFinalMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ServerFirstMessage;
import org.apache.kafka.common.security.scram.internals.ScramSaslServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SCRAM client every Kafka client of a govstream JVM logs in with, against Kafka's own SCRAM server: what it must
 * accept, what it must refuse, and that it derives a salted password once.
 */
class ScramClientsTest {
    private static final ScramMechanism SHA512 = ScramMechanism.SCRAM_SHA_512;

    @BeforeAll
    static void install() {
        ScramClients.install();
    }

    @Test
    void givenTheInstalledProvider_whenKafkaAsksJavaForAScramClient_thenItGetsThisOne_forBothMechanisms() throws Exception {
        ScramClients.install();
        for (ScramMechanism mechanism : ScramMechanism.values()) {
            SaslClient client = Sasl.createSaslClient(new String[]{mechanism.mechanismName()}, null, "kafka", "localhost", Map.of(),
                    callbacks -> { });
            assertThat(client).isInstanceOf(ScramClients.Client.class);
            assertThat(client.getMechanismName()).isEqualTo(mechanism.mechanismName());
        }
        assertThat(java.security.Security.getProviders()[0].getName()).isEqualTo(ScramClients.PROVIDER);
    }

    @Test
    void givenTheRightPassword_whenLoggingInThreeTimes_thenEachSucceeds_andTheSaltedPasswordIsDerivedOnce() throws Exception {
        String password = UUID.randomUUID().toString();
        ScramCredential credential = credential(SHA512, password);
        long before = ScramClients.derived();

        for (int i = 0; i < 3; i++) {
            Exchange exchange = new Exchange(SHA512, credential, "alice", password);
            exchange.run();
            assertThat(exchange.client.isComplete()).isTrue();
            assertThat(exchange.server.isComplete()).isTrue();
            assertThat(exchange.server.getAuthorizationID()).isEqualTo("alice");
        }
        assertThat(ScramClients.derived() - before).isEqualTo(1);
    }

    @Test
    void givenALoginThatSucceeded_whenAWrongPasswordIsTriedAgainstTheSameSalt_thenTheServerRefusesIt() throws Exception {
        String password = UUID.randomUUID().toString();
        ScramCredential credential = credential(SHA512, password);
        new Exchange(SHA512, credential, "alice", password).run();
        long before = ScramClients.derived();

        Exchange wrong = new Exchange(SHA512, credential, "alice", password + "x");
        assertThatThrownBy(wrong::run).hasMessageContaining("Invalid client credentials");
        assertThat(wrong.client.isComplete()).isFalse();
        assertThat(ScramClients.derived() - before).as("a new password is derived, not served from the cache").isEqualTo(1);
    }

    @Test
    void givenACredentialChangedOnTheServer_whenLoggingInWithTheNewPassword_thenItSucceeds_andTheOldOneNoLonger() throws Exception {
        String old = UUID.randomUUID().toString();
        new Exchange(SHA512, credential(SHA512, old), "alice", old).run();
        String renewed = UUID.randomUUID().toString();
        ScramCredential now = credential(SHA512, renewed);

        new Exchange(SHA512, now, "alice", renewed).run();
        assertThatThrownBy(() -> new Exchange(SHA512, now, "alice", old).run()).hasMessageContaining("Invalid client credentials");
    }

    @Test
    void givenAServerThatDoesNotKnowThePassword_whenItForgesItsFinalSignature_thenTheClientRefusesIt() throws Exception {
        String password = UUID.randomUUID().toString();
        Exchange exchange = new Exchange(SHA512, credential(SHA512, password), "alice", password);
        byte[] serverFirst = exchange.server.evaluateResponse(exchange.client.evaluateChallenge(new byte[0]));
        exchange.server.evaluateResponse(exchange.client.evaluateChallenge(serverFirst));
        byte[] forged = new byte[64];
        forged[0] = 1;

        assertThatThrownBy(() -> exchange.client.evaluateChallenge(new ServerFinalMessage(null, forged).toBytes()))
                .isInstanceOf(SaslException.class).hasMessageContaining("Invalid server signature");
        assertThat(exchange.client.isComplete()).isFalse();
        assertThatThrownBy(() -> exchange.client.evaluateChallenge(new byte[0])).hasMessageContaining("failed");
    }

    @Test
    void givenAServerFirstMessageBelowTheMinimumIterations_orWithAnotherNonce_thenTheClientRefusesIt() throws Exception {
        for (boolean fewIterations : new boolean[]{true, false}) {
            SaslClient client = Sasl.createSaslClient(new String[]{SHA512.mechanismName()}, null, "kafka", "localhost", Map.of(),
                    new Exchange(SHA512, null, "alice", "secret").clientCallbacks);
            String nonce = new ClientFirstMessage(client.evaluateChallenge(new byte[0])).nonce();
            byte[] salt = "salt".getBytes(StandardCharsets.UTF_8);
            ServerFirstMessage serverFirst = fewIterations
                    ? new ServerFirstMessage(nonce, "server", salt, SHA512.minIterations() - 1)
                    : new ServerFirstMessage("another" + nonce, "server", salt, SHA512.minIterations());

            assertThatThrownBy(() -> client.evaluateChallenge(serverFirst.toBytes())).isInstanceOf(SaslException.class)
                    .hasMessageContaining(fewIterations ? "less than the minimum 4096" : "Invalid server nonce");
        }
    }

    @Test
    void givenAnError_whenTheServerAnswersWithIt_thenTheLoginFailsWithTheServersMessage() throws Exception {
        String password = UUID.randomUUID().toString();
        Exchange exchange = new Exchange(SHA512, credential(SHA512, password), "alice", password);
        byte[] serverFirst = exchange.server.evaluateResponse(exchange.client.evaluateChallenge(new byte[0]));
        exchange.client.evaluateChallenge(serverFirst);

        assertThatThrownBy(() -> exchange.client.evaluateChallenge(new ServerFinalMessage("invalid-proof", null).toBytes()))
                .isInstanceOf(SaslException.class).hasMessageContaining("invalid-proof");
    }

    private static ScramCredential credential(ScramMechanism mechanism, String password) throws Exception {
        return new ScramFormatter(mechanism).generateCredential(password, mechanism.minIterations());
    }

    /** A client of this JVM's provider and Kafka's server, as a broker runs it, knowing {@code credential}. */
    private static final class Exchange {
        final SaslClient client;
        final ScramSaslServer server;
        final javax.security.auth.callback.CallbackHandler clientCallbacks;

        Exchange(ScramMechanism mechanism, ScramCredential credential, String user, String password) throws Exception {
            clientCallbacks = callbacks -> {
                for (Callback callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        name.setName(user);
                    } else if (callback instanceof PasswordCallback secret) {
                        secret.setPassword(password.toCharArray());
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            };
            client = Sasl.createSaslClient(new String[]{mechanism.mechanismName()}, null, "kafka", "localhost", Map.of(), clientCallbacks);
            server = new ScramSaslServer(mechanism, Map.of(), callbacks -> {
                for (Callback callback : callbacks) {
                    if (callback instanceof ScramCredentialCallback scram) {
                        scram.scramCredential(credential);
                    }
                }
            });
        }

        void run() throws SaslException {
            byte[] serverFirst = server.evaluateResponse(client.evaluateChallenge(new byte[0]));
            byte[] serverFinal = server.evaluateResponse(client.evaluateChallenge(serverFirst));
            assertThat(client.evaluateChallenge(serverFinal)).isNull();
        }
    }
}
