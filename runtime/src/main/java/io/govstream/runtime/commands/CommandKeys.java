package io.govstream.runtime.commands;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The command-signing keys as files in {@code <data dir>/secrets}: the Ed25519 private keyset
 * {@code command-signing.json} (governance-streams signs with its primary key) and the public
 * keyset {@code command-verify.json} (Axon verifies with any key in it). Both 0600.
 * Rotation: {@link #rotate} adds a key and makes it primary, the old key stays for verification
 * (the rotation window: commands signed before the rotation are still in flight);
 * {@link #retire} removes every non-primary key, after which their signatures are refused.
 */
public final class CommandKeys {
    public static final String PRIVATE_FILE = "command-signing.json";
    public static final String PUBLIC_FILE = "command-verify.json";

    static {
        try {
            SignatureConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink signature primitives unavailable", e);
        }
    }

    private CommandKeys() {
    }

    public static Path privateFile(Path secretsDir) {
        return secretsDir.resolve(PRIVATE_FILE);
    }

    public static Path publicFile(Path secretsDir) {
        return secretsDir.resolve(PUBLIC_FILE);
    }

    /** Creates the keyset on first use ({@code govctl up}); returns the private keyset file. */
    public static Path createIfAbsent(Path secretsDir) {
        return createIfAbsent(privateFile(secretsDir), publicFile(secretsDir));
    }

    /**
     * Creates an Ed25519 keyset pair on first use under the given names (another signer's keys, e.g.
     * Orbit's event seal); returns the private keyset file.
     */
    public static Path createIfAbsent(Path privateFile, Path publicFile) {
        if (!Files.exists(privateFile)) {
            try {
                write(privateFile, publicFile, KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot generate an Ed25519 keyset", e);
            }
        } else if (!Files.exists(publicFile)) {
            write(privateFile, publicFile, loadPrivate(privateFile));
        }
        return privateFile;
    }

    /** Adds a new key and makes it primary; the previous keys stay for verification. Returns the new key id. */
    public static String rotate(Path secretsDir) {
        KeysetHandle current = loadPrivate(privateFile(secretsDir));
        try {
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(current);
            builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedSignatureParameters.ED25519)
                    .withRandomId().makePrimary());
            KeysetHandle rotated = builder.build();
            write(secretsDir, rotated);
            return keyId(rotated.getPrimary().getId());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot add a key to " + privateFile(secretsDir), e);
        }
    }

    /** Removes every key but the primary; returns the ids removed. */
    public static List<String> retire(Path secretsDir) {
        KeysetHandle current = loadPrivate(privateFile(secretsDir));
        List<String> retired = new ArrayList<>();
        try {
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(current);
            for (int i = builder.size() - 1; i >= 0; i--) {
                if (!builder.getAt(i).isPrimary()) {
                    retired.add(keyId(current.getAt(i).getId()));
                    builder.deleteAt(i);
                }
            }
            write(secretsDir, builder.build());
            return retired;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot retire keys of " + privateFile(secretsDir), e);
        }
    }

    /** Key ids in the keyset, the primary first. */
    public static List<String> keyIds(Path secretsDir) {
        KeysetHandle handle = loadPrivate(privateFile(secretsDir));
        List<String> ids = new ArrayList<>();
        ids.add(keyId(handle.getPrimary().getId()));
        for (int i = 0; i < handle.size(); i++) {
            if (!handle.getAt(i).isPrimary() && handle.getAt(i).getStatus() == KeyStatus.ENABLED) {
                ids.add(keyId(handle.getAt(i).getId()));
            }
        }
        return ids;
    }

    static String keyId(int id) {
        return Integer.toUnsignedString(id);
    }

    public static KeysetHandle loadPrivate(Path file) {
        requireOwnerOnly(file);
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(read(file), InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " is not a Tink signing keyset: " + e.getMessage(), e);
        }
    }

    public static KeysetHandle loadPublic(Path file) {
        try {
            return TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(read(file));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " is not a Tink public keyset: " + e.getMessage(), e);
        }
    }

    private static void write(Path secretsDir, KeysetHandle handle) {
        write(privateFile(secretsDir), publicFile(secretsDir), handle);
    }

    private static void write(Path privateFile, Path publicFile, KeysetHandle handle) {
        try {
            // Public first: a verifier must know a key before anything is signed with it.
            writeOwnerOnly(publicFile, TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(handle.getPublicKeysetHandle()));
            writeOwnerOnly(privateFile, TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot serialize the signing keyset " + privateFile, e);
        }
    }

    private static void writeOwnerOnly(Path file, String content) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                if (posix) {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                }
            }
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            if (posix) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void requireOwnerOnly(Path file) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix") || !Files.exists(file)) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            Set<PosixFilePermission> loose = EnumSet.copyOf(permissions);
            loose.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            if (!loose.isEmpty()) {
                throw new IllegalStateException("Secret file " + file + " has mode " + PosixFilePermissions.toString(permissions)
                        + "; it must be readable by its owner only. Fix it with: chmod 600 " + file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the permissions of " + file, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file, e);
        }
    }
}
