package io.govstream.runtime.commands;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import io.govstream.secrets.SigningKeyFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Orbit's seal on the events it vouches for: a vote is cast by the person a verified bearer
 * token names, and Orbit signs the record's bytes (Ed25519, its own keyset, separate from the
 * command-signing key) in the headers {@value #SIGNATURE} and {@value #KEY_ID}. Governance-streams
 * counts only sealed votes: whoever can write the approvals topic, even the Kafka super user, cannot
 * cast a vote without Orbit's private key, and the name in a vote is the name Orbit checked.
 *
 * <p>The signature covers a tag, the topic and the value bytes as written (the Confluent wire
 * format with its schema id), each length-prefixed: a seal cannot be moved to another topic, and
 * any change to the vote breaks it. Replaying a sealed vote is harmless (a voter counts once per
 * escalation; a vote names its escalation).
 */
public final class EventSeal {
    /** Header with the Ed25519 signature. */
    public static final String SIGNATURE = "govstream-seal";
    /** Header with the id of the signing key. */
    public static final String KEY_ID = "govstream-seal-key";
    /** The private keyset file of Orbit's seal, in the data dir's secrets. */
    public static final String PRIVATE_FILE = "orbit-event-signing.json";
    /** The public keyset file that verifies Orbit's seal. */
    public static final String PUBLIC_FILE = "orbit-event-verify.json";
    private static final byte[] TAG = "govstream-event-v1".getBytes(StandardCharsets.UTF_8);

    private EventSeal() {
    }

    /**
     * Orbit's seal keys in {@code secretsDir}: {@value #PRIVATE_FILE} and {@value #PUBLIC_FILE}, created on first use
     * ({@code govctl up}) by {@link SigningKeyFiles#createIfAbsent}.
     */
    public static SigningKeyFiles keyFiles(Path secretsDir) {
        return new SigningKeyFiles(secretsDir.resolve(PRIVATE_FILE), secretsDir.resolve(PUBLIC_FILE));
    }

    /** The bytes a seal covers. */
    static byte[] canonical(String topic, byte[] value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            CommandSeal.field(out, TAG);
            CommandSeal.field(out, topic);
            CommandSeal.field(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /** Seals records with the primary key of a private keyset. */
    public static final class Sealer {
        private final PublicKeySign sign;
        private final byte[] keyId;

        private Sealer(KeysetHandle keyset) throws GeneralSecurityException {
            this.sign = keyset.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
            this.keyId = SigningKeyFiles.keyId(keyset.getPrimary().getId()).getBytes(StandardCharsets.UTF_8);
        }

        public static Sealer fromFile(Path privateKeyset) {
            try {
                return new Sealer(SigningKeyFiles.parsePrivate(privateKeyset));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(privateKeyset + " cannot sign: " + e.getMessage(), e);
            }
        }

        /** Adds the seal of {@code value} on {@code topic} to {@code headers}, replacing any. */
        public void seal(Headers headers, String topic, byte[] value) {
            byte[] signature;
            try {
                signature = sign.sign(canonical(topic, value));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot seal a record for " + topic, e);
            }
            headers.remove(SIGNATURE);
            headers.remove(KEY_ID);
            headers.add(SIGNATURE, signature);
            headers.add(KEY_ID, keyId);
        }
    }

    /** Checks seals against a public keyset: any key in it verifies (rotation window). */
    public static final class Verifier {
        /** The keyset, checked as for commands; null when every record is refused. */
        private final CommandSeal.Verifier keys;
        private final String refusal;

        private Verifier(CommandSeal.Verifier keys, String refusal) {
            this.keys = keys;
            this.refusal = refusal;
        }

        /** Verifies nothing: every record is refused with {@code reason} (no key configured: fail closed). */
        public static Verifier refusingAll(String reason) {
            return new Verifier(null, reason);
        }

        public static Verifier fromFile(Path publicKeyset) {
            return new Verifier(CommandSeal.Verifier.fromFile(publicKeyset), null);
        }

        /** Null when {@code value} on {@code topic} carries a valid seal; else why not, for the refusal. */
        public String problem(Headers headers, String topic, byte[] value) {
            if (refusal != null) {
                return refusal;
            }
            Header signature = headers.lastHeader(SIGNATURE);
            Header keyId = headers.lastHeader(KEY_ID);
            if (signature == null || keyId == null) {
                return "not sealed by Orbit (no " + SIGNATURE + " header): votes count only when cast through Orbit's API";
            }
            String id = new String(keyId.value(), StandardCharsets.UTF_8);
            if (!keys.knows(id)) {
                return "sealed with unknown key " + id;
            }
            return keys.verifies(signature.value(), canonical(topic, value)) ? null
                    : "seal does not match the record (tampered, or sealed for another topic)";
        }
    }
}
