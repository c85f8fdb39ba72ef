package io.govstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.govstream.cli.auth.TokenKey;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.VerificationReport;
import io.govstream.topology.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the broker tests of live changes (policies, flags) check on a running embedded platform. */
public final class LivePlatform {
    private LivePlatform() {
    }

    /** Runs govctl in-process. */
    public static GovctlRun govctl(String... args) {
        return GovctlRun.of(args);
    }

    /** Asks Orbit to have Axon reason for alice in acme and waits for the answer. */
    public static JsonNode dispatch(OrbitClient orbit) throws Exception {
        String id = orbit.dispatch(new OrbitClient.Dispatch("axon", "reason", "alice", "acme", "{}"));
        return orbit.await(id, Duration.ofSeconds(60));
    }

    /** Every committed ledger entry, partition by partition. */
    public static List<LedgerEntry> ledger(EmbeddedPlatform platform) {
        return PlatformRecords.read(platform, new Topics(platform.catalogue()).ledger(), LedgerEntry.class);
    }

    /** A token for one subject and role set, as {@code govctl token} mints it. */
    public static String token(EmbeddedPlatform platform, String subject, String... roles) {
        return TokenKey.load(platform.settings().dataDir()).mint(subject, List.of(roles), Duration.ofHours(1), Instant.now());
    }

    /** What {@code govctl ledger verify} checks, on the platform's ledger. */
    public static VerificationReport verify(EmbeddedPlatform platform) {
        return PlatformRecords.verifyLedger(platform);
    }
}
