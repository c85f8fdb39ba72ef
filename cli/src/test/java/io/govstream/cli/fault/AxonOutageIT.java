package io.govstream.cli.fault;

import static io.govstream.cli.fault.ExactlyOnceUnderFaults.assertAllAcked;
import static io.govstream.cli.fault.ExactlyOnceUnderFaults.send;
import static org.assertj.core.api.Assertions.assertThat;
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
 * Exactly once at the worker: Axon is stopped while permitted commands keep coming and
 * started again; every permitted command is done exactly once, none while Axon was down beyond
 * those in flight when it stopped.
 * One of the fault tests of {@link ExactlyOnceUnderFaults}.
 */
@Timeout(600)
@PrivatePlatform("stops and restarts Axon and counts every record on its topics")
class AxonOutageIT {
    @TempDir
    Path dir;

    @Test
    void givenAxonDownForAWhile_whenItComesBack_thenEveryPermittedCommandIsDoneExactlyOnce() throws Exception {
        int load = 2_000;
        try (FaultRig rig = new FaultRig(dir);
             GovernanceProcess governance = rig.governance();
             FaultRig.KeyCounter commands = rig.new KeyCounter(rig.topics.axonCommands());
             FaultRig.KeyCounter results = rig.new KeyCounter(rig.topics.dispatchResults())) {
            governance.start();
            io.micronaut.runtime.server.EmbeddedServer axon = rig.axon();
            List<Future<RecordMetadata>> sent = send(rig, load / 2, 0);
            await().atMost(Duration.ofSeconds(120)).until(() -> results.counts.size() >= load / 8);
            axon.getApplicationContext().close();
            long doneBeforeOutage = results.counts.size();
            send(rig, load / 2, load / 2);
            commands.awaitDistinct(load / 2, Duration.ofSeconds(120));
            long doneDuringOutage = results.counts.size();
            axon = rig.axon();
            try {
                assertAllAcked(sent);
                results.awaitDistinct(load / 2, Duration.ofSeconds(180));
            } finally {
                axon.getApplicationContext().close();
            }
            System.out.printf("FAULT REPORT Axon down: requests sent=%d, permitted commands=%d, results before outage=%d, "
                            + "by the end of the outage=%d, after=%d, duplicates=%d%n", load, commands.counts.size(),
                    doneBeforeOutage, doneDuringOutage, results.counts.size(), results.duplicates());
            assertThat(results.counts).hasSize(load / 2);
            assertThat(results.duplicates()).isZero();
            assertThat(doneDuringOutage).as("no result while Axon was down beyond those in flight at the stop")
                    .isLessThan(load / 2);
        }
    }
}
