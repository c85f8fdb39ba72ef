package io.govstream.topology.secrets;

import io.govstream.secrets.SecretFiles;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Passwords of the platform's principals, one file each: {@code <directory>/<principal>.password},
 * mode 0600 in a 0700 directory, kept with {@link SecretFiles} (created atomically, refused on every
 * read when others may read it). The embedded broker keeps {@code admin.password} in the same place.
 * A password is generated the first time it is asked for and never changes afterwards.
 */
public record SecretStore(Path directory) {

    private static final Pattern PRINCIPAL = Pattern.compile("[a-zA-Z0-9._-]{1,64}");

    public SecretStore {
        Objects.requireNonNull(directory, "secretsDir");
    }

    /** The principal's password, created on first use (32 URL-safe characters from 24 random bytes). */
    public String passwordFor(String principal) {
        Path file = fileFor(principal);
        String password = SecretFiles.readOrCreate(file, SecretFiles::randomPassword);
        if (password.isEmpty()) {
            throw new IllegalStateException("Secret file " + file + " is empty");
        }
        return password;
    }

    private Path fileFor(String principal) {
        // The name becomes a file name: nothing that could step out of the directory.
        if (principal == null || !PRINCIPAL.matcher(principal).matches() || principal.startsWith(".")) {
            throw new IllegalArgumentException("Not a valid principal name for a secret file: '" + principal + "'");
        }
        return directory.resolve(principal + ".password");
    }
}
