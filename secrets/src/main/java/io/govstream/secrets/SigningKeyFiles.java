package io.govstream.secrets;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.google.crypto.tink.signature.SignatureConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A signing key as two files: the private Ed25519 Tink keyset (cleartext Tink JSON, a secret file
 * written and read through {@link SecretFiles}) and its public keyset (Tink JSON, for whoever
 * verifies). Every signer of the platform keeps its key this way: the ledger's checkpoint key, the
 * command-signing key and Orbit's event seal.
 *
 * <p>Keys carry Tink's output prefix, so signatures name the key that made them. Rotation:
 * {@link #rotate} adds a key and makes it primary while the older keys stay in both keysets (what
 * they signed still verifies); {@link #retire} then removes every non-primary key.
 *
 * @param privateFile the private keyset (0600)
 * @param publicFile  the public keyset
 */
public record SigningKeyFiles(Path privateFile, Path publicFile) {

    static {
        registerSignatures();
    }

    public SigningKeyFiles {
        Objects.requireNonNull(privateFile, "privateFile");
        Objects.requireNonNull(publicFile, "publicFile");
    }

    /**
     * Registers Tink's signature key types, which parsing and using a signing keyset needs; done when this class loads, and
     * by the other classes that sign or verify with Tink when they load.
     *
     * @throws ExceptionInInitializerError if Tink refuses (it fails the initialisation of the class that calls this)
     */
    public static void registerSignatures() {
        try {
            SignatureConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A new Ed25519 keyset with one key. */
    public static KeysetHandle generate() {
        try {
            return KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate an Ed25519 keyset", e);
        }
    }

    /** A Tink key id as the platform prints and sends it: unsigned decimal. */
    public static String keyId(int id) {
        return Integer.toUnsignedString(id);
    }

    /**
     * Creates the key pair on first use and writes a missing public keyset from the private one; an
     * existing private keyset is kept. Returns the private keyset file.
     */
    public Path createIfAbsent() {
        if (!Files.exists(privateFile)) {
            KeysetHandle fresh = generate();
            // Public first: a verifier must know a key before anything is signed with it.
            SecretFiles.writePublic(publicFile, serializePublic(fresh));
            if (SecretFiles.createIfAbsent(privateFile, serializePrivate(fresh))) {
                return privateFile;
            }
            // Another process made the key first: its public keyset is the one to keep.
            SecretFiles.writePublic(publicFile, serializePublic(loadPrivate()));
        } else if (!Files.exists(publicFile)) {
            SecretFiles.writePublic(publicFile, serializePublic(loadPrivate()));
        }
        return privateFile;
    }

    /**
     * The private keyset.
     *
     * @throws IllegalStateException    if others may read the file (it must be 0600, as written)
     * @throws IllegalArgumentException if it is not a Tink keyset
     */
    public KeysetHandle loadPrivate() {
        return parsePrivate(privateFile);
    }

    /** A private keyset file on its own, checked like {@link #loadPrivate}. */
    public static KeysetHandle parsePrivate(Path privateKeysetFile) {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(SecretFiles.readString(privateKeysetFile), InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(privateKeysetFile + " is not a Tink signing keyset: " + e.getMessage(), e);
        }
    }

    /** A public keyset file, e.g. one an auditor was given. */
    public static KeysetHandle parsePublic(Path publicKeysetFile) {
        String json;
        try {
            json = Files.readString(publicKeysetFile);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot read the public keyset " + publicKeysetFile, e);
        }
        try {
            return TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(json);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(publicKeysetFile + " is not a Tink public keyset: " + e.getMessage(), e);
        }
    }

    /** Adds a new key and makes it primary; the previous keys stay for verification. Returns the new key id. */
    public String rotate() {
        KeysetHandle current = loadPrivate();
        try {
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(current);
            builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedSignatureParameters.ED25519)
                    .withRandomId().makePrimary());
            KeysetHandle rotated = builder.build();
            write(rotated);
            return keyId(rotated.getPrimary().getId());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot add a key to " + privateFile, e);
        }
    }

    /** Removes every key but the primary; returns the ids removed. */
    public List<String> retire() {
        KeysetHandle current = loadPrivate();
        List<String> retired = new ArrayList<>();
        try {
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(current);
            for (int i = builder.size() - 1; i >= 0; i--) {
                if (!builder.getAt(i).isPrimary()) {
                    retired.add(keyId(current.getAt(i).getId()));
                    builder.deleteAt(i);
                }
            }
            write(builder.build());
            return retired;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot retire keys of " + privateFile, e);
        }
    }

    /** Key ids in the keyset, the primary first. */
    public List<String> keyIds() {
        KeysetHandle handle = loadPrivate();
        Stream<KeysetHandle.Entry> others = IntStream.range(0, handle.size()).mapToObj(handle::getAt)
                .filter(key -> !key.isPrimary() && key.getStatus() == KeyStatus.ENABLED);
        return Stream.concat(Stream.of(handle.getPrimary()), others).map(key -> keyId(key.getId())).toList();
    }

    /** Replaces both files with {@code keyset}, the public one first. */
    public void write(KeysetHandle keyset) {
        SecretFiles.writePublic(publicFile, serializePublic(keyset));
        SecretFiles.write(privateFile, serializePrivate(keyset));
    }

    /** The public half of a private keyset as Tink JSON. */
    public static String serializePublic(KeysetHandle keyset) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(keyset.getPublicKeysetHandle());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot export the public keyset", e);
        }
    }

    private static String serializePrivate(KeysetHandle keyset) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot serialize the signing keyset", e);
        }
    }
}
