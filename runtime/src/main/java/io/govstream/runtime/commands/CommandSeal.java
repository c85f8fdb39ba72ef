package io.govstream.runtime.commands;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import io.govstream.events.DispatchCommand;
import io.govstream.events.Envelope;
import io.govstream.events.deployment.DeployCommand;
import io.govstream.secrets.SigningKeyFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Signing and checking of {@link DispatchCommand}s and {@link DeployCommand}s. The signature covers the command's
 * canonical bytes: a version tag, then every field a worker acts on or that identifies the
 * command (ids, tenant, target, intent, subject, payload) and the key id, expiry and nonce,
 * each length-prefixed so that no two different commands share an encoding. The encoding is
 * ours, not Avro's, so it does not change when the schema gains a field.
 */
public final class CommandSeal {
    private static final byte[] VERSION = "govstream-command-v1".getBytes(StandardCharsets.UTF_8);
    /** Another tag for deploy commands: no dispatch command's signature can pass for a deploy command's. */
    private static final byte[] DEPLOY_VERSION = "govstream-deploy-command-v1".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The private keyset governance-streams signs commands with, in the data dir's secrets. */
    public static final String PRIVATE_FILE = "command-signing.json";
    /** The public keyset workers verify commands with (any key in it: the rotation window). */
    public static final String PUBLIC_FILE = "command-verify.json";

    private CommandSeal() {
    }

    /**
     * The command-signing key in {@code secretsDir}: {@value #PRIVATE_FILE} (governance-streams signs with
     * its primary key) and {@value #PUBLIC_FILE} (Axon verifies with any key in it). Rotation with
     * {@link SigningKeyFiles#rotate} and {@link SigningKeyFiles#retire} ({@code govctl keys rotate}).
     */
    public static SigningKeyFiles keyFiles(Path secretsDir) {
        return new SigningKeyFiles(secretsDir.resolve(PRIVATE_FILE), secretsDir.resolve(PUBLIC_FILE));
    }

    /** Why a worker refuses a command; the tag is the metric label. */
    public enum Refusal {
        UNSIGNED("unsigned"), TAMPERED("tampered"), UNKNOWN_KEY("unknown-key"), EXPIRED("expired"), REPLAYED("replayed"),
        /** Signed and valid, but addressed to another worker (its target is not the worker's name); checked by the worker. */
        MISADDRESSED("misaddressed"),
        /**
         * Signed and valid, but not where its correlation id routes it (another record key, or another partition than
         * the key's): a copy written around the routing that keeps every copy of a command with one worker at a time.
         */
        MISROUTED("misrouted");

        private final String tag;

        Refusal(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /** Signs commands with the primary key of a private keyset. */
    public static final class Signer {
        private final PublicKeySign sign;
        private final String keyId;
        private final Duration ttl;

        private Signer(KeysetHandle keyset, Duration ttl) throws GeneralSecurityException {
            this.sign = Ed25519Signing.of(keyset);
            this.keyId = SigningKeyFiles.keyId(keyset.getPrimary().getId());
            this.ttl = ttl;
        }

        public static Signer fromFile(Path privateKeyset, Duration ttl) {
            try {
                return new Signer(SigningKeyFiles.parsePrivate(privateKeyset), ttl);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(privateKeyset + " cannot sign: " + e.getMessage(), e);
            }
        }

        /** How long the commands it signs are valid. */
        public Duration ttl() {
            return ttl;
        }

        public String keyId() {
            return keyId;
        }

        /** The command with key id, expiry ({@code now + ttl}), a fresh nonce and the signature set. */
        public DispatchCommand sign(DispatchCommand command, Instant now) {
            DispatchCommand unsigned = DispatchCommand.newBuilder(command)
                    .setKeyId(keyId)
                    .setExpiresAt(now.plus(ttl))
                    .setNonce(nonce())
                    .setSignature(null)
                    .build();
            return DispatchCommand.newBuilder(unsigned).setSignature(signature(canonicalBytes(unsigned), command.getCommandId())).build();
        }

        /** The deploy command with key id, expiry ({@code now + ttl}), a fresh nonce and the signature set. */
        public DeployCommand sign(DeployCommand command, Instant now) {
            DeployCommand unsigned = DeployCommand.newBuilder(command)
                    .setKeyId(keyId)
                    .setExpiresAt(now.plus(ttl))
                    .setNonce(nonce())
                    .setSignature(null)
                    .build();
            return DeployCommand.newBuilder(unsigned).setSignature(signature(canonicalBytes(unsigned), command.getCommandId())).build();
        }

        private ByteBuffer signature(byte[] canonical, String commandId) {
            try {
                return ByteBuffer.wrap(sign.sign(canonical));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot sign command " + commandId, e);
            }
        }

        private static String nonce() {
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
        }
    }

    /** Checks commands against a public keyset: any key in it verifies (the rotation window). */
    public static final class Verifier {
        private final PublicKeyVerify verify;
        private final Set<String> keyIds;

        private Verifier(KeysetHandle publicKeyset) throws GeneralSecurityException {
            this.verify = publicKeyset.getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
            this.keyIds = IntStream.range(0, publicKeyset.size()).mapToObj(i -> SigningKeyFiles.keyId(publicKeyset.getAt(i).getId()))
                    .collect(Collectors.toUnmodifiableSet());
        }

        public static Verifier fromFile(Path publicKeyset) {
            try {
                return new Verifier(SigningKeyFiles.parsePublic(publicKeyset));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(publicKeyset + " cannot verify: " + e.getMessage(), e);
            }
        }

        public boolean knows(String keyId) {
            return keyIds.contains(keyId);
        }

        /** Null when the signature holds and the command has not expired; else why not. Replays are the caller's to track. */
        public Refusal check(DispatchCommand command, Instant now) {
            return check(command.getSignature(), command.getKeyId(), command.getExpiresAt(), command.getNonce(), canonicalBytes(command), now);
        }

        /** The same for a deploy command. */
        public Refusal check(DeployCommand command, Instant now) {
            return check(command.getSignature(), command.getKeyId(), command.getExpiresAt(), command.getNonce(), canonicalBytes(command), now);
        }

        private Refusal check(ByteBuffer signed, String keyId, Instant expiresAt, String nonce, byte[] canonical, Instant now) {
            if (signed == null || keyId == null || expiresAt == null || nonce == null) {
                return Refusal.UNSIGNED;
            }
            if (!knows(keyId)) {
                return Refusal.UNKNOWN_KEY;
            }
            ByteBuffer signature = signed.duplicate();
            byte[] bytes = new byte[signature.remaining()];
            signature.get(bytes);
            if (!verifies(bytes, canonical)) {
                return Refusal.TAMPERED;
            }
            return now.isAfter(expiresAt) ? Refusal.EXPIRED : null;
        }

        /** Whether {@code signature} by a key of the keyset holds for {@code data}; {@link EventSeal}'s seals too. */
        boolean verifies(byte[] signature, byte[] data) {
            try {
                verify.verify(signature, data);
                return true;
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }

    /** The bytes a signature covers (the signature field itself excluded). */
    public static byte[] canonicalBytes(DispatchCommand c) {
        return encode(VERSION, c.getCommandId(), c.getDecisionEventId(), c.getEnvelope(),
                Arrays.asList(c.getTarget(), c.getIntent(), c.getSubject(), c.getPayload()), c.getKeyId(), c.getExpiresAt(), c.getNonce());
    }

    /** The bytes a deploy command's signature covers: every field a deployer acts on, ids, key id, expiry and nonce. */
    public static byte[] canonicalBytes(DeployCommand c) {
        return encode(DEPLOY_VERSION, c.getCommandId(), c.getDecisionEventId(), c.getEnvelope(),
                Arrays.asList(c.getAction().name(), c.getService(), c.getVersion(), c.getEnvironment(), c.getDigest(), c.getColour()),
                c.getKeyId(), c.getExpiresAt(), c.getNonce());
    }

    /** Tag, ids, tenant, the command's own fields (nulls allowed), key id, expiry, nonce: each length-prefixed. */
    private static byte[] encode(byte[] tag, String commandId, String decisionEventId, Envelope envelope, List<String> fields,
                                 String keyId, Instant expiresAt, String nonce) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            field(out, tag);
            field(out, commandId);
            field(out, decisionEventId);
            field(out, envelope.getEventId());
            field(out, envelope.getCorrelationId());
            field(out, envelope.getTenant());
            for (String value : fields) {
                field(out, value);
            }
            field(out, keyId);
            out.writeLong(expiresAt == null ? Long.MIN_VALUE : expiresAt.toEpochMilli());
            field(out, nonce);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Each value length-prefixed (-1 for null), so that no two sequences share an encoding; {@link EventSeal}'s too. */
    static void field(DataOutputStream out, CharSequence value) throws IOException {
        field(out, value == null ? null : value.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void field(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.length);
        out.write(value);
    }
}
