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
 * Exactly once across a broker restart (invariant 2): a load of dispatches is in flight
 * when the broker restarts; afterwards every request has exactly one decision and exactly one
 * ledger entry, every permitted one exactly one command, and the ledger verifies.
 * One of the fault tests of {@link ExactlyOnceUnderFaults}.
 */
@Timeout(600)
@PrivatePlatform("restarts the broker and counts every record on its topics")
class BrokerRestartIT {
    @TempDir
    Path dir;

    @Test
    void givenALoadInFlight_whenTheBrokerRestarts_thenNothingIsLostOrDuplicated() throws Exception {
        try (FaultRig rig = new FaultRig(dir);
             GovernanceProcess governance = rig.governance()) {
            governance.start();
            List<Future<RecordMetadata>> sent;
            long decidedAtRestart;
            try (FaultRig.KeyCounter decisions = rig.new KeyCounter(rig.topics.decisions())) {
                sent = send(rig, LOAD, 0);
                await().atMost(Duration.ofSeconds(120)).until(() -> decisions.counts.size() >= LOAD / 4);
                decidedAtRestart = decisions.counts.size();
            }
            rig.restartBroker();
            assertThat(decidedAtRestart).as("restarted mid-load").isLessThan(LOAD);
            assertAllAcked(sent);
            try (FaultRig.KeyCounter decisions = rig.new KeyCounter(rig.topics.decisions());
                 FaultRig.KeyCounter commands = rig.new KeyCounter(rig.topics.axonCommands())) {
                decisions.awaitDistinct(LOAD, Duration.ofSeconds(300));
                commands.awaitDistinct(LOAD / 2, Duration.ofSeconds(60));
                report("broker restart after " + decidedAtRestart + " decisions", rig, decisions, commands);
            }
        }
    }
}
