package io.govstream.cli.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.govstream.ledger.VerificationReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Exactly once, under faults: the fault tests, each on a {@link FaultRig} of its own (a real broker
 * with the topology and the registry, governance-streams as a process of its own) with a load of
 * dispatches in flight when the fault strikes: {@link GovernanceKilledIT} (SIGKILL of
 * governance-streams), {@link BrokerRestartIT}, {@link AxonOutageIT} and {@link PoisonPillsIT}.
 * One class per fault, so that parallel test JVMs can share them out. What they share is here.
 */
final class ExactlyOnceUnderFaults {
    /**
     * Requests per fault test: enough that the fault strikes with a quarter decided and most still
     * in flight (each test asserts that it did), with transactions open in every task.
     */
    static final int LOAD = 5_000;

    private ExactlyOnceUnderFaults() {
    }

    static List<Future<RecordMetadata>> send(FaultRig rig, int count, int offset) {
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

    static void assertAllAcked(List<Future<RecordMetadata>> sent) throws Exception {
        synchronized (sent) {
            for (Future<RecordMetadata> f : sent) {
                assertThat(f.get().hasOffset()).isTrue();
            }
        }
    }

    static void report(String fault, FaultRig rig, FaultRig.KeyCounter decisions, FaultRig.KeyCounter commands) {
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
