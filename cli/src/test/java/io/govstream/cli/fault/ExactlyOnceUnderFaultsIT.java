package io.govstream.cli.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.govstream.cli.PrivatePlatform;
import io.govstream.ledger.VerificationReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once, under faults (invariant 2): a load of dispatches is in flight when
 * governance-streams is killed with SIGKILL, or the broker restarts; afterwards every request
 * has exactly one decision and exactly one ledger entry, and the ledger verifies.
 */
@Timeout(600)
@PrivatePlatform("kills governance-streams with SIGKILL, restarts the broker, stops Axon, and counts every record on its topics")
class ExactlyOnceUnderFaultsIT {
    private static final int LOAD = 20_000;

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
            long killedAt = System.nanoTime();
            governance.start();
            System.out.printf("governance-streams ready again %.1f s after SIGKILL%n", (System.nanoTime() - killedAt) / 1e9);
            assertAllAcked(sent);
            decisions.awaitDistinct(LOAD, Duration.ofSeconds(240));
            commands.awaitDistinct(LOAD / 2, Duration.ofSeconds(60));

            report("kill -9 of governance-streams after " + decidedAtKill + " decisions", rig, decisions, commands);
        }
    }

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
            assertAllAcked(sent);
            try (FaultRig.KeyCounter decisions = rig.new KeyCounter(rig.topics.decisions());
                 FaultRig.KeyCounter commands = rig.new KeyCounter(rig.topics.axonCommands())) {
                decisions.awaitDistinct(LOAD, Duration.ofSeconds(300));
                commands.awaitDistinct(LOAD / 2, Duration.ofSeconds(60));
                report("broker restart after " + decidedAtRestart + " decisions", rig, decisions, commands);
            }
        }
    }

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

    @Test
    void givenTenThousandPoisonPillsMixedIn_whenProcessed_thenValidTrafficIsDecidedAndEveryPillIsDeadLettered() throws Exception {
        int valid = 10_000;
        int pills = 10_000;
        try (FaultRig rig = new FaultRig(dir);
             GovernanceProcess governance = rig.governance();
             FaultRig.KeyCounter decisions = rig.new KeyCounter(rig.topics.decisions());
             FaultRig.KeyCounter deadLetters = rig.new KeyCounter(rig.topics.deadLetters())) {
            governance.start();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            try (KafkaProducer<String, byte[]> producer = rig.producer()) {
                for (int n = 0; n < valid + pills; n++) {
                    String key = UUID.randomUUID().toString();
                    byte[] value = n % 2 == 0 ? rig.request(key, n / 2)
                            : ("pill " + n + " is not Avro").getBytes(StandardCharsets.UTF_8);
                    sent.add(producer.send(new ProducerRecord<>(rig.topics.dispatchRequests(), key, value)));
                }
            }
            assertAllAcked(sent);
            decisions.awaitDistinct(valid, Duration.ofSeconds(240));
            await().atMost(Duration.ofSeconds(120)).until(() -> deadLetters.records.get() >= pills);

            VerificationReport ledger = rig.verifyLedger();
            System.out.printf("FAULT REPORT poison pills: sent valid=%d pills=%d, decisions=%d (duplicates %d), dead letters=%d, "
                            + "ledger entries=%d, ledger %s%n", valid, pills, decisions.counts.size(), decisions.duplicates(),
                    deadLetters.records.get(), ledger.entriesChecked(), ledger.isClean() ? "verified" : "INVALID");
            assertThat(decisions.counts).hasSize(valid);
            assertThat(decisions.duplicates()).isZero();
            assertThat(deadLetters.records.get()).isEqualTo(pills);
            assertThat(ledger.isClean()).as(ledger.toString()).isTrue();
            assertThat(ledger.entriesChecked()).isEqualTo(valid);
        }
    }

    private static List<Future<RecordMetadata>> send(FaultRig rig, int count, int offset) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(count);
        Thread sender = new Thread(() -> {
            try (KafkaProducer<String, byte[]> producer = rig.producer()) {
                for (int n = offset; n < offset + count; n++) {
                    String id = UUID.randomUUID().toString();
                    synchronized (sent) {
                        sent.add(producer.send(new ProducerRecord<>(rig.topics.dispatchRequests(), id, rig.request(id, n))));
                    }
                }
            }
        }, "load");
        sender.start();
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            synchronized (sent) {
                return sent.size() == count;
            }
        });
        return sent;
    }

    private static void assertAllAcked(List<Future<RecordMetadata>> sent) throws Exception {
        synchronized (sent) {
            for (Future<RecordMetadata> f : sent) {
                assertThat(f.get().hasOffset()).isTrue();
            }
        }
    }

    private static void report(String fault, FaultRig rig, FaultRig.KeyCounter decisions, FaultRig.KeyCounter commands) {
        VerificationReport ledger = rig.verifyLedger();
        long losses = LOAD - decisions.counts.size();
        System.out.printf("FAULT REPORT %s: requests sent=%d, decisions=%d, duplicates=%d, losses=%d, commands=%d "
                        + "(duplicates %d), ledger entries=%d, ledger %s%n", fault, LOAD, decisions.records.get(),
                decisions.duplicates(), losses, commands.records.get(), commands.duplicates(), ledger.entriesChecked(),
                ledger.isClean() ? "verified" : "INVALID: " + ledger.problems());
        assertThat(decisions.counts).hasSize(LOAD);
        assertThat(decisions.duplicates()).isZero();
        assertThat(commands.counts).hasSize(LOAD / 2);
        assertThat(commands.duplicates()).isZero();
        assertThat(ledger.isClean()).as(ledger.toString()).isTrue();
        assertThat(ledger.entriesChecked()).isEqualTo(LOAD);
    }
}
