package io.govstream.ledger.checkpoint;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.google.crypto.tink.signature.SignatureConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

/**
 * The checkpoint signing key as local files, for the embedded platform and tests: an Ed25519
 * Tink keyset in cleartext JSON at {@code <data dir>/secrets/ledger-signing.json} (mode 0600,
 * directory 0700) and its public keyset at {@code <data dir>/ledger-signing.pub.json}, which
 * is what auditors get. Production keeps the private keyset wrapped by a KMS key
 * ({@code TinkJsonProtoKeysetFormat.parseEncryptedKeyset} with the KMS's {@code Aead}) or signs
 * in the KMS; only this class changes.
 */
public final class SigningKeys {
    public static final String PRIVATE_FILE = "secrets/ledger-signing.json";
    public static final String PUBLIC_FILE = "ledger-signing.pub.json";

    static {
        try {
            SignatureConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink signature primitives unavailable", e);
        }
    }

    private SigningKeys() {
    }

    public static Path privateKeyFile(Path dataDir) {
        return dataDir.resolve(PRIVATE_FILE);
    }

    public static Path publicKeyFile(Path dataDir) {
        return dataDir.resolve(PUBLIC_FILE);
    }

    /** The data dir's signer, generating and writing a new key pair on first use. */
    public static CheckpointSigner loadOrCreate(Path dataDir) {
        Path privateFile = privateKeyFile(dataDir);
        if (!Files.exists(privateFile)) {
            KeysetHandle handle = generate();
            writeSecret(privateFile, serializePrivate(handle));
            writePublic(publicKeyFile(dataDir), handle);
            return CheckpointSigner.of(handle);
        }
        CheckpointSigner signer = signer(privateFile);
        if (!Files.exists(publicKeyFile(dataDir))) {
            writePublic(publicKeyFile(dataDir), signer.keyset());
        }
        return signer;
    }

    /** A new Ed25519 keyset (Tink output prefix, so key rotation keeps old signatures verifiable). */
    public static KeysetHandle generate() {
        try {
            return KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate an Ed25519 keyset", e);
        }
    }

    /** @throws IllegalArgumentException if others can read the private keyset (it must be 0600, as written) */
    public static CheckpointSigner signer(Path privateKeysetFile) {
        requireOwnerOnly(privateKeysetFile);
        try {
            return CheckpointSigner.of(TinkJsonProtoKeysetFormat.parseKeyset(read(privateKeysetFile), InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(privateKeysetFile + " is not a Tink signing keyset: " + e.getMessage(), e);
        }
    }

    /** A verifier from a public keyset JSON file, e.g. {@code ledger-signing.pub.json}. */
    public static CheckpointVerifier verifier(Path publicKeysetFile) {
        try {
            return CheckpointVerifier.of(TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(read(publicKeysetFile)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(publicKeysetFile + " is not a Tink public keyset: " + e.getMessage(), e);
        }
    }

    public static String serializePublic(KeysetHandle handle) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(handle.getPublicKeysetHandle());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot export the public keyset", e);
        }
    }

    static String serializePrivate(KeysetHandle handle) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot serialize the keyset", e);
        }
    }

    /** Writes a private keyset where only the owner can read it. */
    public static void writeSecret(Path file, String json) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (posix) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            Path tmp = Files.createTempFile(dir, ".ledger-signing", ".tmp");
            if (posix) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    public static void writePublic(Path file, KeysetHandle handle) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, serializePublic(handle), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /**
     * Refuses a secret file that group or others may read, naming the {@code chmod} that fixes it
     * (no-op where the file system has no POSIX modes).
     */
    public static void requireOwnerOnly(Path file) {
        if (!java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix") || !Files.exists(file)) {
            return;
        }
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                throw new IllegalArgumentException(file + " can be read by others (mode " + PosixFilePermissions.toString(perms)
                        + "): run 'chmod 600 " + file + "'");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the permissions of " + file, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read key file " + file, e);
        }
    }
}
