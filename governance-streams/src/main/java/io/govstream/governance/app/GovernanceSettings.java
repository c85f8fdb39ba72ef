package io.govstream.governance.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * What governance-streams is configured with: the {@code governance.*} properties (in
 * application-governance.yml, as {@code -D} properties or as environment variables such as
 * {@code GOVERNANCE_LEDGER_KEK}), each with its default here and nowhere else.
 *
 * @param stateDir      Kafka Streams state (RocksDB stores); keep it out of /tmp
 * @param policyFile    a policy set YAML file; empty = the shipped default policy
 * @param maxRequestAge a request older than this when decided (now - its record's broker append time) is DENIED with
 *                      rule max-age and counts in no state: after an outage, stale requests are not executed
 */
@ConfigurationProperties("governance")
public record GovernanceSettings(@Bindable(defaultValue = ".govctl/streams") String stateDir,
                                 @Bindable(defaultValue = "") String policyFile,
                                 @Bindable(defaultValue = "5m") Duration maxRequestAge,
                                 Policy policy, Metrics metrics, Commands commands, Votes votes, Ledger ledger) {

    /** What the shipped topology is built with (govctl bench builds it from the same settings). */
    public ShippedTopology.Settings topology() {
        return new ShippedTopology.Settings(policyFile.isBlank() ? null : java.nio.file.Path.of(policyFile),
                new io.govstream.policy.CostLimits(policy.maxEstimatedCost(), policy.maxEvaluationCost()), maxRequestAge, commands.ttl(),
                new io.govstream.ledger.checkpoint.CheckpointPolicy(ledger.checkpointEvery(), ledger.checkpointInterval()),
                metrics.maxTenants(), metrics.maxRules());
    }

    /**
     * Cost limits of CEL conditions, in cost units (policies/README.md, "Cost limits"). One million
     * units is well under a second of one stream thread.
     *
     * @param maxEstimatedCost  a condition whose cost on the largest request (64 KiB payload) is estimated above this
     *                          is refused when a set is loaded or published (dead-lettered, the set in force stays)
     * @param maxEvaluationCost an evaluation that costs more is stopped and the request DENIED with rule evaluation-limit
     */
    @ConfigurationProperties("policy")
    public record Policy(@Bindable(defaultValue = "1000000") long maxEstimatedCost,
                         @Bindable(defaultValue = "1000000") long maxEvaluationCost) {
    }

    /**
     * Label caps (bounded cardinality): the first N tenants / rule ids seen keep their own label
     * value in governance_decisions_total, later ones read "other".
     */
    @ConfigurationProperties("metrics")
    public record Metrics(@Bindable(defaultValue = "20") int maxTenants, @Bindable(defaultValue = "100") int maxRules) {
    }

    /**
     * @param signingKey Tink Ed25519 private keyset (JSON, 0600) whose primary key signs every command for the
     *                   workers; govctl up makes {@code <data dir>/secrets/command-signing.json}. Empty = unsigned
     *                   (refused by every worker)
     * @param ttl        a command's expiry after its decision; workers refuse it later and remember nonces this long
     */
    @ConfigurationProperties("commands")
    public record Commands(@Bindable(defaultValue = "") String signingKey, @Bindable(defaultValue = "1h") Duration ttl) {
    }

    /**
     * @param verifyKey Tink Ed25519 public keyset (JSON) of Orbit's event seal: a vote counts only if Orbit sealed it
     *                  after checking the voter's bearer token (docs/security.md). govctl up makes
     *                  {@code <data dir>/secrets/orbit-event-verify.json}. Empty = no vote counts (each is dead-lettered)
     */
    @ConfigurationProperties("votes")
    public record Votes(@Bindable(defaultValue = "") String verifyKey) {
    }

    /**
     * @param signingKey         Tink Ed25519 keyset (JSON, 0600) that signs ledger checkpoints; empty = no checkpoints.
     *                           govctl up makes one in {@code <data dir>/secrets/ledger-signing.json}
     * @param checkpointEvery    a signed checkpoint per ledger partition every N entries ...
     * @param checkpointInterval ... or this long, whichever comes first
     * @param kek                the key-encryption key wrapping each data subject's key (GDPR, docs/ledger.md), as a key
     *                           URI: a Tink AES-256-GCM keyset file (a path or file:// URI, mode 0600), env://NAME (the
     *                           keyset JSON or its base64 in the environment variable NAME), or a KMS key URI once its
     *                           Tink client is registered (KekSources). Keep it apart from the data: govctl up keeps it
     *                           outside its data dir. Empty = personal fields are stored in clear and cannot be erased
     */
    @ConfigurationProperties("ledger")
    public record Ledger(@Bindable(defaultValue = "") String signingKey,
                         @Bindable(defaultValue = "1000") long checkpointEvery,
                         @Bindable(defaultValue = "10s") Duration checkpointInterval,
                         @Bindable(defaultValue = "") String kek) {
    }
}
