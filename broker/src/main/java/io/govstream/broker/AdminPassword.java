package io.govstream.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The admin super user's password in {@code <dataDir>/secrets/admin.password}: generated once,
 * then reused so that clients and the SCRAM credential written at format time keep matching.
 * The topology module's SecretStore uses the same layout for the other principals.
 */
final class AdminPassword {

    static final String FILE_NAME = "admin.password";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AdminPassword() {
    }

    static String readOrCreate(Path secretsDir) {
        Path file = secretsDir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                create(secretsDir, file);
            }
            requireOwnerOnly(file);
            String password = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (password.isEmpty()) {
                throw new IllegalStateException("Secret file " + file + " is empty; delete it only together with "
                        + "the broker's kafka/ directory, since the admin credential was formatted from it");
            }
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file, e);
        }
    }

    /** Refuses a secret that others could read: a leaked password file is a leaked principal. */
    static void requireOwnerOnly(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        Set<PosixFilePermission> others = EnumSet.copyOf(permissions);
        others.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE));
        if (!others.isEmpty()) {
            throw new IllegalStateException("Secret file " + file + " has mode " + PosixFilePermissions.toString(permissions)
                    + "; it must be readable by its owner only. Fix it with: chmod 600 " + file);
        }
    }

    static String randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        // URL-safe and unpadded: no quote, comma, bracket or '=' that would need escaping in JAAS or SCRAM arguments.
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void create(Path secretsDir, Path file) throws IOException {
        if (!Files.isDirectory(secretsDir)) {
            Files.createDirectories(secretsDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        // Written in full under a temporary name, then published with a hard link, which fails
        // rather than overwrites if a concurrent process got there first: readers never see a
        // half-written file, and everyone ends up with the same password.
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, randomPassword(), StandardCharsets.UTF_8);
            Files.createLink(file, temp);
        } catch (FileAlreadyExistsException raced) {
            // The other process's password is the one to use.
        } finally {
            Files.delete(temp);
        }
    }
}
