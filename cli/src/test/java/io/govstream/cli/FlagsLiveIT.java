package io.govstream.cli;

import io.govstream.cli.client.ExitCodes;
import static io.govstream.cli.LivePlatform.dispatch;
import static io.govstream.cli.LivePlatform.govctl;
import static io.govstream.cli.LivePlatform.ledger;
import static io.govstream.cli.LivePlatform.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.cli.platform.PlatformSettings;
import io.govstream.events.FlagChange;
import io.govstream.events.LedgerEntry;
import io.govstream.events.LedgerEntryKind;
import io.govstream.ledger.VerificationReport;
import io.govstream.topology.Catalogue;
import io.govstream.topology.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the embedded platform: {@code govctl flag set} turns the shipped kill switch on for live
 * decisions within seconds and without a restart, {@code flag unset} turns it off again, both
 * changes are in the ledger (who, old → new) on every chain, and the ledger verifies.
 */
@Timeout(300)
@PrivatePlatform("sets the global kill switch axon_paused, which denies every dispatch to Axon while it is on")
class FlagsLiveIT {
    private static final Duration CHANGED_WITHIN = Duration.ofSeconds(30);
    @TempDir
    Path dataDir;

    @Test
    void givenAPermittedDispatch_whenTheKillSwitchFlagIsSet_thenDecisionsChangeWithoutRestart_andUnsetRestoresThem() throws Exception {
        PlatformSettings settings = TestPorts.platform(dataDir);
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(settings, step -> { })) {
            OrbitClient orbit = new OrbitClient(settings.orbitUrl(), platform.dispatcherTokens(), null);
            String dir = dataDir.toString();
            assertThat(dispatch(orbit).path("decision").path("effect").asText()).isEqualTo("PERMIT");
            assertThat(govctl("flag", "list", "--data-dir", dir).out()).contains("no flag is set");

            GovctlRun set = govctl("flag", "set", "axon_paused", "true", "--as", "alice", "--note", "incident 42", "--data-dir", dir);
            assertThat(set.code()).as(set.err()).isZero();
            assertThat(set.out()).contains("flag axon_paused set: (unset) -> true (bool) by alice");

            // No restart: the next decisions see the flag as soon as the streams task has read it. The
            // bound only keeps a change that never takes effect from hanging the test (how soon is a latency).
            JsonNode paused = await().atMost(CHANGED_WITHIN).pollInterval(Duration.ZERO)
                    .until(() -> dispatch(orbit), view -> view.path("decision").path("effect").asText().equals("DENY"));
            assertThat(paused.path("decision").path("ruleId").asText()).isEqualTo("axon-kill-switch");
            assertThat(paused.path("reason").asText()).startsWith("dispatches to axon are paused (flag axon_paused)");

            assertThat(govctl("flag", "list", "--data-dir", dir).out()).containsPattern("axon_paused\\s+bool\\s+true\\s+.*alice");
            assertThat(govctl("flag", "set", "axon_paused", "true", "--data-dir", dir).out())
                    .contains("flag axon_paused is already true: nothing published");

            GovctlRun unset = govctl("flag", "unset", "axon_paused", "--as", "bob", "--data-dir", dir);
            assertThat(unset.code()).as(unset.err()).isZero();
            assertThat(unset.out()).contains("flag axon_paused unset (was true) by bob");
            JsonNode resumed = await().atMost(CHANGED_WITHIN).pollInterval(Duration.ZERO)
                    .until(() -> dispatch(orbit), view -> view.path("decision").path("effect").asText().equals("PERMIT"));
            assertThat(resumed.path("decision").path("ruleId").asText()).isEqualTo("permit-orbit-axon-reason");
            GovctlRun again = govctl("flag", "unset", "axon_paused", "--data-dir", dir);
            assertThat(again.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(again.err()).contains("no flag 'axon_paused' is set");
            assertThat(govctl("flag", "list", "--data-dir", dir).out()).contains("no flag is set");

            int partitions = new Topics(platform.catalogue()).spec(Topics.LEDGER).partitions();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(flagChanges(ledger(platform)))
                    .as("set and unset, once in each ledger partition").hasSize(2 * partitions));
            // The authors are people: ciphertext in the ledger, readable with the platform's KEK and their data keys.
            List<LedgerEntry> entries = ledger(platform).stream()
                    .filter(e -> e.getKind() == LedgerEntryKind.STATE_CHANGE && e.getSubjectKey().equals("flag/axon_paused")).toList();
            assertThat(entries).extracting(e -> decode(e).getAuthor()).allSatisfy(a -> assertThat(a).startsWith("gdpr:v1:"));
            java.util.Map<String, Object> admin = new java.util.HashMap<>(platform.adminClientProperties());
            admin.put("schema.registry.url", platform.settings().registryUrl());
            io.govstream.ledger.gdpr.KeyRing ring = io.govstream.ledger.gdpr.KeysTopic.ring(
                    new io.govstream.cli.ledger.LedgerCli(admin, Catalogue.load(), null, null, null).readKeys(), platform.kek().kek());
            assertThat(entries).extracting(e -> io.govstream.ledger.gdpr.PersonalFields.decrypt(decode(e), ref -> ring.key(ref, e.getPartition())))
                    .extracting(FlagChange::getAuthor, FlagChange::getPreviousValue, FlagChange::getValue)
                    .containsOnly(tuple("alice", null, true), tuple("bob", true, null));
            VerificationReport report = verify(platform);
            assertThat(report.isClean()).as(report.toString()).isTrue();
        }
    }

    private static List<FlagChange> flagChanges(List<LedgerEntry> entries) {
        return entries.stream()
                .filter(e -> e.getKind() == LedgerEntryKind.STATE_CHANGE && e.getSubjectKey().equals("flag/axon_paused"))
                .map(FlagsLiveIT::decode)
                .toList();
    }

    private static FlagChange decode(LedgerEntry entry) {
        byte[] bytes = new byte[entry.getPayload().remaining()];
        entry.getPayload().duplicate().get(bytes);
        try {
            return new SpecificDatumReader<>(FlagChange.class).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new AssertionError("not a FlagChange payload", e);
        }
    }
}
