package io.govstream.topology.secrets;

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
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Passwords of the platform's principals, one file each: {@code <secretsDir>/<principal>.password},
 * mode 0600 in a 0700 directory. The embedded broker keeps {@code admin.password} in the same place.
 * A password is generated the first time it is asked for and never changes afterwards.
 */
public final class SecretStore {

    private static final Pattern PRINCIPAL = Pattern.compile("[a-zA-Z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path secretsDir;

    public SecretStore(Path secretsDir) {
        this.secretsDir = Objects.requireNonNull(secretsDir, "secretsDir");
    }

    public Path directory() {
        return secretsDir;
    }

    /** The principal's password, created on first use (32 URL-safe characters from 24 random bytes). */
    public String passwordFor(String principal) {
        Path file = fileFor(principal);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            requireOwnerOnly(file);
            String password = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (password.isEmpty()) {
                throw new IllegalStateException("Secret file " + file + " is empty");
            }
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the secret file " + file, e);
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

    public boolean has(String principal) {
        return Files.exists(fileFor(principal));
    }

    private Path fileFor(String principal) {
        // The name becomes a file name: nothing that could step out of the directory.
        if (principal == null || !PRINCIPAL.matcher(principal).matches() || principal.startsWith(".")) {
            throw new IllegalArgumentException("Not a valid principal name for a secret file: '" + principal + "'");
        }
        return secretsDir.resolve(principal + ".password");
    }

    private void create(Path file) throws IOException {
        if (!Files.isDirectory(secretsDir)) {
            Files.createDirectories(secretsDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        // Written in full under a temporary name, then published with a hard link, which fails
        // rather than overwrites if a concurrent process got there first: readers never see a
        // half-written file, and everyone ends up with the same password.
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, newPassword(), StandardCharsets.UTF_8);
            Files.createLink(file, temp);
        } catch (FileAlreadyExistsException raced) {
            // The other process's password is the one to use.
        } finally {
            Files.delete(temp);
        }
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
