package io.govstream.policy;

import io.govstream.events.PolicyMode;
import io.govstream.events.PolicySetPublished;
import io.govstream.schemas.Envelopes;
import java.time.Instant;
import java.util.Objects;

/**
 * Builds the record that publishes a policy document: validated and compiled first (a document
 * that does not load is never published), its content hash computed under the version it is
 * published as. The document's own {@code version}, if any, is informational: the publication's
 * version is what decisions name.
 */
public final class PolicyPublication {
    public static final String PRODUCER = "govctl";

    private PolicyPublication() {
    }

    /**
     * @param yaml         the document
     * @param fileName     where it came from, for messages (may be null)
     * @param version      the version to publish it as (1 + the latest of the same set and scope)
     * @param previousHash content hash of that latest version, or null for the first
     * @throws PolicyLoadException with every problem if the document is not valid
     */
    public static PolicySetPublished of(PolicyEnvironment environment, String yaml, String fileName, int version, String author,
                                        PolicyMode mode, String previousHash, String note, Instant now) {
        Objects.requireNonNull(author, "author");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
        PolicySet set = PolicyLoader.parse(yaml, fileName == null ? "policy" : fileName, environment)
                .withVersion(Integer.toString(version));
        return PolicySetPublished.newBuilder()
                .setEnvelope(Envelopes.newCorrelation(set.scope(), PRODUCER, now, null))
                .setPolicySetId(set.id())
                .setVersion(version)
                .setTenantScope(set.tenant())
                .setContentHash(set.contentHash())
                .setAuthor(author)
                .setSource(yaml)
                .setFileName(fileName)
                .setPreviousHash(previousHash)
                .setMode(mode == null ? PolicyMode.ACTIVE : mode)
                .setNote(note)
                .setPublishedAt(now)
                .build();
    }
}
