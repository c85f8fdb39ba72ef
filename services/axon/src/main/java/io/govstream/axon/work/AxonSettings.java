package io.govstream.axon.work;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * What Axon is configured with: the {@code axon.*} properties (application-axon.yml, {@code -D}
 * properties or environment variables such as {@code AXON_COMMANDS_VERIFY_KEY}), each with its
 * default here and nowhere else.
 *
 * @param workerId unique per running instance: it names the instance's transactional id (default: {@code axon-}
 *                 and a random suffix, new at each start)
 * @param groupId  the consumer group of the command workers
 * @param target   this worker's name: Axon executes only commands whose target it is (the signature covers the
 *                 target); any other command is refused as misaddressed, reported and ledgered like every refusal
 */
@ConfigurationProperties("axon")
public record AxonSettings(@Nullable String workerId,
                           @Bindable(defaultValue = "axon") String groupId,
                           @Bindable(defaultValue = "axon") String target,
                           Commands commands, Resilience resilience) {

    public AxonSettings {
        if (workerId == null || workerId.isBlank()) {
            workerId = "axon-" + Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 1, 36);
        }
    }

    /**
     * @param verifyKey   Tink public keyset (JSON) of the command-signing keys; Axon acts only on commands signed by
     *                    one of them. govctl up makes {@code <data dir>/secrets/command-verify.json}. Empty = refuse
     *                    everything
     * @param doneLookback how far back Axon reads its results at start to know which command ids are done; keep it
     *                    at least {@code governance.commands.ttl} so no unexpired command can be done twice across a restart
     */
    @ConfigurationProperties("commands")
    public record Commands(@Bindable(defaultValue = "") String verifyKey, @Bindable(defaultValue = "1h") Duration doneLookback) {
    }

    /**
     * @param attempts           quick in-process attempts per command (exponential backoff from firstBackoff, x2, 50 % jitter)
     * @param firstBackoff       the first in-process backoff
     * @param breakerWindow      circuit breaker "axon-work" (resilience4j_circuitbreaker_state): opens when half of the
     *                           last breakerWindow calls failed ...
     * @param openFor            ... and stays open this long
     * @param retryTopicAttempts still failing (or breaker open), the command goes to governance.axon.commands.retry and
     *                           is tried again after retryFirstDelay x 2^(n-1) (+ up to 50 % jitter); attempt number
     *                           retryTopicAttempts fails for good: dead letter plus a FAILED result
     * @param retryFirstDelay    the first delay on the retry topic
     * @param workTimeout        one command's work, its quick attempts included, is interrupted after this long and
     *                           goes to the retry topic (resilience4j_timelimiter_calls{kind="timeout"}); default: a
     *                           quarter of the results producer's transaction timeout, so that a poll's work (stopped at
     *                           half of it) and its last command end in time. Keep it under half the timeout
     */
    @ConfigurationProperties("resilience")
    public record Resilience(@Bindable(defaultValue = "3") int attempts,
                             @Bindable(defaultValue = "100ms") Duration firstBackoff,
                             @Bindable(defaultValue = "20") int breakerWindow,
                             @Bindable(defaultValue = "30s") Duration openFor,
                             @Bindable(defaultValue = "5") int retryTopicAttempts,
                             @Bindable(defaultValue = "5s") Duration retryFirstDelay,
                             @Nullable Duration workTimeout) {

        /** The work timeout that applies with transactions timing out after {@code transactionTimeout}. */
        Duration workTimeout(Duration transactionTimeout) {
            return workTimeout != null ? workTimeout : transactionTimeout.dividedBy(4);
        }
    }
}
