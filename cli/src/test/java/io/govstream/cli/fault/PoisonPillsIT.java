package io.govstream.cli.fault;

import static io.govstream.cli.fault.ExactlyOnceUnderFaults.assertAllAcked;
import static io.govstream.cli.fault.ExactlyOnceUnderFaults.send;
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
 * Bad input never stops the pipeline (invariant 6): 5,000 records that are not Avro mixed
 * into 5,000 valid requests; every valid request is decided exactly once, every pill is
 * dead-lettered, and the ledger verifies with one entry per decision.
 * One of the fault tests of {@link ExactlyOnceUnderFaults}.
 */
@Timeout(600)
@PrivatePlatform("counts every record on its topics (5,000 pills, 5,000 requests)")
class PoisonPillsIT {
    @TempDir
    Path dir;

    @Test
    void givenFiveThousandPoisonPillsMixedIn_whenProcessed_thenValidTrafficIsDecidedAndEveryPillIsDeadLettered() throws Exception {
        int valid = 5_000;
        int pills = 5_000;
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
}
