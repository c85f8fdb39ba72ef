package io.govstream.registry;

import io.govstream.secrets.SecretFiles;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Who may write to the registry: each user's password, read once at start from
 * {@code <password dir>/<user>.password} (the platform's layout of the principals' SCRAM
 * passwords; a file others may read is refused). Only digests are kept; comparisons take the same
 * time whatever the input.
 */
final class WriterCredentials {
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Why a request may not write. */
    enum Verdict { ADMITTED, NO_CREDENTIALS, MALFORMED, UNKNOWN_USER, WRONG_PASSWORD }

    /** The verdict and, when the user is one of ours, its name (never a name a caller made up). */
    record Check(Verdict verdict, Optional<String> knownUser) {
    }

    private final Map<String, byte[]> digests;

    private WriterCredentials(Map<String, byte[]> digests) {
        this.digests = digests;
    }

    /** Reads every user's password file; a missing or empty one fails the start, naming the file. */
    static WriterCredentials load(Collection<String> users, Path passwordDir) {
        Map<String, byte[]> digests = new TreeMap<>();
        for (String user : users) {
            if (!USER.matcher(user).matches() || user.startsWith(".")) {
                throw new IllegalStateException("registry.auth.users: '" + user + "' is not a principal name");
            }
            if (passwordDir == null) {
                throw new IllegalStateException("registry.auth.users is set but registry.auth.password-dir is not");
            }
            Path file = passwordDir.resolve(user + ".password");
            String password;
            try {
                password = SecretFiles.readString(file).strip();
            } catch (UncheckedIOException e) {
                throw new UncheckedIOException("cannot read the registry password of user " + user + " at " + file, e.getCause());
            }
            if (password.isEmpty()) {
                throw new IllegalStateException("the registry password file " + file + " is empty");
            }
            digests.put(user, digest(password));
        }
        return new WriterCredentials(digests);
    }

    java.util.Set<String> users() {
        return digests.keySet();
    }

    /** Checks an {@code Authorization} header value ({@code null}: none). */
    Check check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return new Check(Verdict.NO_CREDENTIALS, Optional.empty());
        }
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return new Check(Verdict.MALFORMED, Optional.empty());
        }
        String decoded;
        try {
            decoded = new String(java.util.Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Check(Verdict.MALFORMED, Optional.empty());
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return new Check(Verdict.MALFORMED, Optional.empty());
        }
        String user = decoded.substring(0, colon);
        byte[] expected = digests.get(user);
        if (expected == null) {
            return new Check(Verdict.UNKNOWN_USER, Optional.empty());
        }
        boolean match = MessageDigest.isEqual(expected, digest(decoded.substring(colon + 1)));
        return new Check(match ? Verdict.ADMITTED : Verdict.WRONG_PASSWORD, Optional.of(user));
    }

    private static byte[] digest(String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
