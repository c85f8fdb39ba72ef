package io.govstream.cli.fault;

import static io.govstream.cli.fault.ExactlyOnceUnderFaults.LOAD;
import static org.assertj.core.api.Assertions.assertThat;
import static io.govstream.cli.fault.ExactlyOnceUnderFaults.assertAllAcked;
import static io.govstream.cli.fault.ExactlyOnceUnderFaults.report;
import static io.govstream.cli.fault.ExactlyOnceUnderFaults.send;
import static org.awaitility.Awaitility.await;

import io.govstream.cli.PrivatePlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once under a crash (invariant 2): a load of dispatches is in flight when
 * governance-streams is killed with SIGKILL and started again; afterwards every request has exactly
 * one decision and exactly one ledger entry, every permitted one exactly one command, and the
 * ledger verifies.
 * One of the fault tests of {@link ExactlyOnceUnderFaults}.
 */
@Timeout(600)
@PrivatePlatform("kills governance-streams with SIGKILL (a process of its own) and counts every record on its topics")
class GovernanceKilledIT {
    @TempDir
    Path dir;

    @Test
    void givenALoadInFlight_whenGovernanceIsKilledWithSigkillAndRestarted_thenNothingIsLostOrDuplicated() throws Exception {
        try (FaultRig rig = new FaultRig(dir);
             GovernanceProcess governance = rig.governance();
             FaultRig.KeyCounter decisions = rig.new KeyCounter(rig.topics.decisions());
             FaultRig.KeyCounter commands = rig.new KeyCounter(rig.topics.axonCommands())) {
            governance.start();
            List<Future<RecordMetadata>> sent = send(rig, LOAD, 0);
            await().atMost(Duration.ofSeconds(120)).until(() -> decisions.counts.size() >= LOAD / 4);
            long decidedAtKill = decisions.counts.size();
            governance.kill();
            assertThat(decidedAtKill).as("killed mid-load").isLessThan(LOAD);
            long killedAt = System.nanoTime();
            governance.start();
            System.out.printf("governance-streams ready again %.1f s after SIGKILL%n", (System.nanoTime() - killedAt) / 1e9);
            assertAllAcked(sent);
            decisions.awaitDistinct(LOAD, Duration.ofSeconds(240));
            commands.awaitDistinct(LOAD / 2, Duration.ofSeconds(60));

            report("kill -9 of governance-streams after " + decidedAtKill + " decisions", rig, decisions, commands);
        }
    }
}
