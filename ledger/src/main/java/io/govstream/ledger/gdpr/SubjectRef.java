package io.govstream.ledger.gdpr;

import io.govstream.ledger.ChainHasher;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The pseudonymous reference of a data subject: {@code s-} + the first 16 bytes (hex) of
 * SHA-256 over a domain tag and the identifier. Ledger entries, the keys topic and erasure
 * records carry this, never the identifier. It is pseudonymous, not anonymous: whoever guesses
 * an identifier can confirm that references match, but learns nothing the ledger held about the
 * person once the key is destroyed (docs/ledger.md, GDPR).
 */
public final class SubjectRef {
    private static final String DOMAIN = "govstream-subject-ref-v1|";

    private SubjectRef() {
    }

    public static String of(String subject) {
        byte[] digest = ChainHasher.sha256((DOMAIN + subject).getBytes(StandardCharsets.UTF_8));
        return "s-" + HexFormat.of().formatHex(digest, 0, 16);
    }

    /** The keys topic key of a subject's data key for one ledger partition: each partition's task owns its own. */
    public static String keyOf(String subjectRef, int partition) {
        return subjectRef + "/" + partition;
    }
}
