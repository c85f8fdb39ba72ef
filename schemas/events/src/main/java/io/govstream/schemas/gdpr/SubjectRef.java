package io.govstream.schemas.gdpr;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The pseudonymous reference of a data subject: {@code s-} + the first 16 bytes (hex) of
 * SHA-256 over a domain tag and the identifier. Ledger entries, the keys topic and erasure
 * records carry this, never the identifier. It is pseudonymous, not anonymous: whoever guesses
 * an identifier can confirm that references match, but learns nothing the ledger held about the
 * person once the key is destroyed (docs/ledger.md, GDPR).
 */
public final class SubjectRef {
    private static final String DOMAIN = "govstream-subject-ref-v1|";
    private static final String ERASED_PERSON = "[erased ";

    private SubjectRef() {
    }

    public static String of(String subject) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest((DOMAIN + subject).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        return "s-" + HexFormat.of().formatHex(digest, 0, 16);
    }

    /** The keys topic key of a subject's data key for one ledger partition: each partition's task owns its own. */
    public static String keyOf(String subjectRef, int partition) {
        return subjectRef + "/" + partition;
    }

    /**
     * What stands in state for a person whose name was erased in place (an open escalation's voter, a
     * gate's approver): {@code [erased s-…]}. It names no one, yet counts once as the person it stands for.
     */
    public static String erasedPerson(String subjectRef) {
        return ERASED_PERSON + subjectRef + "]";
    }

    /** The pseudonym an {@link #erasedPerson} marker holds, if {@code value} is one. */
    public static Optional<String> erasedRef(String value) {
        if (value != null && value.startsWith(ERASED_PERSON) && value.endsWith("]")) {
            return Optional.of(value.substring(ERASED_PERSON.length(), value.length() - 1));
        }
        return Optional.empty();
    }
}
