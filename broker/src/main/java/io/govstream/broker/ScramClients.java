package io.govstream.broker;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslException;
import org.apache.kafka.common.errors.IllegalSaslStateException;
import org.apache.kafka.common.security.scram.ScramExtensionsCallback;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ClientFinalMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ClientFirstMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ServerFinalMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ServerFirstMessage;

/**
 * The client side of SASL/SCRAM (RFC 5802) for every Kafka client of a JVM that runs a {@link LocalKafka}: Kafka's own
 * exchange, with its message classes and formulas ({@code ScramMessages}, {@code ScramFormatter}) and its checks (the
 * server's nonce extends the client's, at least the mechanism's minimum iterations, the server's signature), except that
 * the salted password, Hi(password, salt, iterations), is derived once per password, salt and iteration count and then
 * kept in memory, as the MongoDB drivers' SCRAM cache keeps it.
 * <p>
 * Kafka's client derives it on every connection: 4,096 rounds of HMAC-SHA-512 at least, about 11 ms of a core in a JVM on
 * the C1 compiler, for each of the two or three connections every client opens to a node (bootstrap, the node, a
 * consumer's group coordinator), and for the broker's own inter-broker connections. A test JVM running platforms spent a
 * quarter of its CPU time there (docs/measurements.md).
 * <p>
 * Hand-written because Kafka's {@code ScramSaslClient} has no hook for it and no library plugs a SCRAM client into
 * Kafka's SASL layer; it is registered as the first JCA provider of {@code SaslClientFactory.SCRAM-SHA-256} and
 * {@code -512}, which Kafka looks up through {@link javax.security.sasl.Sasl}. The salted password lets whoever holds it
 * log in as the user, as the password in the JAAS configuration beside it does; it stays in this JVM's memory, keyed by a
 * hash of the password rather than the password, at most {@value #CACHED} of them.
 */
public final class ScramClients {
    static final String PROVIDER = "govstream SCRAM client";
    private static final int CACHED = 64;
    private static final Map<String, byte[]> SALTED = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > CACHED;
        }
    };
    private static final AtomicLong DERIVED = new AtomicLong();

    private ScramClients() {
    }

    /** Makes this JVM's Kafka clients log in with {@link Client}. Idempotent. */
    public static synchronized void install() {
        if (Security.getProvider(PROVIDER) == null) {
            Security.insertProviderAt(new ClientProvider(), 1);
        }
    }

    /** How many salted passwords this JVM has derived so far. */
    static long derived() {
        return DERIVED.get();
    }

    private static byte[] saltedPassword(ScramMechanism mechanism, ScramFormatter formatter, char[] password, byte[] salt,
                                         int iterations) throws InvalidKeyException {
        byte[] normalized = ScramFormatter.normalize(new String(password));
        try {
            Base64.Encoder base64 = Base64.getEncoder();
            String key = mechanism.mechanismName() + ' ' + iterations + ' ' + base64.encodeToString(salt) + ' '
                    + base64.encodeToString(formatter.hash(normalized));
            synchronized (SALTED) {
                byte[] cached = SALTED.get(key);
                if (cached != null) {
                    return cached;
                }
            }
            byte[] derived = formatter.hi(normalized, salt, iterations);
            DERIVED.incrementAndGet();
            synchronized (SALTED) {
                SALTED.put(key, derived);
            }
            return derived;
        } finally {
            Arrays.fill(normalized, (byte) 0);
        }
    }

    /** One login: the three steps of Kafka's {@code ScramSaslClient}. */
    static final class Client implements SaslClient {
        private final ScramMechanism mechanism;
        private final CallbackHandler callbacks;
        private final ScramFormatter formatter;
        private String clientNonce;
        private ClientFirstMessage clientFirst;
        private ServerFirstMessage serverFirst;
        private ClientFinalMessage clientFinal;
        private byte[] saltedPassword;
        private boolean complete;
        private boolean failed;

        Client(ScramMechanism mechanism, CallbackHandler callbacks) throws NoSuchAlgorithmException {
            this.mechanism = mechanism;
            this.callbacks = callbacks;
            this.formatter = new ScramFormatter(mechanism);
        }

        @Override
        public String getMechanismName() {
            return mechanism.mechanismName();
        }

        @Override
        public boolean hasInitialResponse() {
            return true;
        }

        @Override
        public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
            if (failed || complete) {
                throw new IllegalSaslStateException("Unexpected challenge in SASL/" + mechanism + " client, which is "
                        + (failed ? "failed" : "complete"));
            }
            try {
                if (clientFirst == null) {
                    return first(challenge);
                }
                if (clientFinal == null) {
                    return last(challenge);
                }
                verify(new ServerFinalMessage(challenge));
                complete = true;
                return null;
            } catch (SaslException | RuntimeException e) {
                failed = true;
                throw e;
            }
        }

        private byte[] first(byte[] challenge) throws SaslException {
            if (challenge != null && challenge.length != 0) {
                throw new SaslException("Expected empty challenge");
            }
            NameCallback name = new NameCallback("Name:");
            ScramExtensionsCallback extensions = new ScramExtensionsCallback();
            try {
                callbacks.handle(new Callback[]{name});
                try {
                    callbacks.handle(new Callback[]{extensions});
                } catch (UnsupportedCallbackException e) {
                    // a handler without extensions: none are sent, as Kafka's client does
                }
            } catch (Exception e) {
                throw new SaslException("User name or extensions could not be obtained", e);
            }
            clientNonce = formatter.secureRandomString();
            clientFirst = new ClientFirstMessage(ScramFormatter.saslName(name.getName()), clientNonce, extensions.extensions());
            return clientFirst.toBytes();
        }

        private byte[] last(byte[] challenge) throws SaslException {
            ServerFirstMessage server = new ServerFirstMessage(challenge);
            if (!server.nonce().startsWith(clientNonce)) {
                throw new SaslException("Invalid server nonce: does not start with client nonce");
            }
            if (server.iterations() < mechanism.minIterations()) {
                throw new SaslException("Requested iterations " + server.iterations() + " is less than the minimum "
                        + mechanism.minIterations() + " for " + mechanism);
            }
            PasswordCallback password = new PasswordCallback("Password:", false);
            try {
                callbacks.handle(new Callback[]{password});
            } catch (Exception e) {
                throw new SaslException("Password could not be obtained", e);
            }
            try {
                serverFirst = server;
                char[] secret = password.getPassword();
                saltedPassword = saltedPassword(mechanism, formatter, secret, server.salt(), server.iterations());
                password.clearPassword();
                ClientFinalMessage message = new ClientFinalMessage("n,,".getBytes(StandardCharsets.UTF_8), server.nonce());
                message.proof(formatter.clientProof(saltedPassword, clientFirst, server, message));
                clientFinal = message;
                return message.toBytes();
            } catch (InvalidKeyException e) {
                throw new SaslException("Client final message could not be created", e);
            }
        }

        private void verify(ServerFinalMessage server) throws SaslException {
            if (server.error() != null) {
                throw new SaslException("Sasl authentication using " + mechanism + " failed with error: " + server.error());
            }
            try {
                byte[] expected = formatter.serverSignature(formatter.serverKey(saltedPassword), clientFirst, serverFirst, clientFinal);
                if (!MessageDigest.isEqual(server.serverSignature(), expected)) {
                    throw new SaslException("Invalid server signature in server final message");
                }
            } catch (InvalidKeyException e) {
                throw new SaslException("Sasl server signature verification failed", e);
            }
        }

        @Override
        public boolean isComplete() {
            return complete;
        }

        @Override
        public byte[] unwrap(byte[] incoming, int offset, int len) {
            throw noSecurityLayer();
        }

        @Override
        public byte[] wrap(byte[] outgoing, int offset, int len) {
            throw noSecurityLayer();
        }

        private IllegalStateException noSecurityLayer() {
            return new IllegalStateException(complete ? "SCRAM supports neither integrity nor privacy"
                    : "Authentication exchange has not completed");
        }

        @Override
        public Object getNegotiatedProperty(String propName) {
            if (!complete) {
                throw new IllegalStateException("Authentication exchange has not completed");
            }
            return null;
        }

        @Override
        public void dispose() {
        }
    }

    /** What {@link javax.security.sasl.Sasl} instantiates by name: public, with a public constructor. */
    public static final class Factory implements SaslClientFactory {
        @Override
        public SaslClient createSaslClient(String[] mechanisms, String authorizationId, String protocol, String serverName,
                                           Map<String, ?> props, CallbackHandler callbacks) throws SaslException {
            for (String name : mechanisms) {
                ScramMechanism mechanism = ScramMechanism.forMechanismName(name);
                if (mechanism != null) {
                    try {
                        return new Client(mechanism, callbacks);
                    } catch (NoSuchAlgorithmException e) {
                        throw new SaslException("Hash algorithm not supported for mechanism " + mechanism, e);
                    }
                }
            }
            return null;
        }

        @Override
        public String[] getMechanismNames(Map<String, ?> props) {
            return ScramMechanism.mechanismNames().toArray(new String[0]);
        }
    }

    private static final class ClientProvider extends Provider {
        private static final long serialVersionUID = 1L;

        ClientProvider() {
            super(PROVIDER, "1.0", "SASL/SCRAM client that derives each salted password once");
            for (String mechanism : ScramMechanism.mechanismNames()) {
                put("SaslClientFactory." + mechanism, Factory.class.getName());
            }
        }
    }
}
