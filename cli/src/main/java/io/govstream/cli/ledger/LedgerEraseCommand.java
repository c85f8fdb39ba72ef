package io.govstream.cli.ledger;

import io.govstream.cli.ClientConfigOption;
import io.govstream.cli.ExitCodes;
import io.govstream.events.Envelope;
import io.govstream.events.SubjectDataKey;
import io.govstream.events.SubjectErasure;
import io.govstream.ledger.gdpr.SubjectRef;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "erase", mixinStandardHelpOptions = true,
        description = {"Erase a data subject (GDPR Art. 17): asks every governance-streams task to destroy the subject's data",
                "key (a tombstone on the keys topic, removed by compaction within the documented bound) and to record the",
                "erasure in its ledger chain. Entries stay, and every chain, checkpoint and proof still verifies; the",
                "person's fields read \"[erased]\". Waits until no key of the subject is left on the keys topic."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:erased", "1:error", "5:requested, but keys were still present after --timeout"})
public final class LedgerEraseCommand implements Callable<Integer> {
    @Mixin
    private ClientConfigOption config;
    @Parameters(index = "0", paramLabel = "SUBJECT", description = "The subject identifier, as in dispatch requests.")
    private String subject;
    @Option(names = "--reason", description = "Why, e.g. a ticket number (recorded in the ledger; no personal data).")
    private String reason;
    @Option(names = "--requested-by", defaultValue = "govctl", description = "Who asks (recorded in the ledger).")
    private String requestedBy;
    @Option(names = "--tenant", defaultValue = "*", description = "Tenant recorded on the erasure event (default: *).")
    private String tenant;
    @Option(names = "--timeout", defaultValue = "60s", description = "How long to wait for the keys to be destroyed (e.g. 60s).")
    private String timeout;
    @Option(names = "--registry", paramLabel = "URL", description = "Schema registry URL (default: from the client config).")
    private String registryUrl;
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LedgerCli cli = new LedgerCli(config.clientProperties(), null, null, registryUrl);
        String ref = SubjectRef.of(subject);
        int partitions = request(cli, ref);
        out.printf("erasure of %s requested on %d partitions of %s%n", ref, partitions, cli.erasuresTopic);
        out.flush();
        Duration wait = Duration.parse("PT" + timeout.toUpperCase(java.util.Locale.ROOT));
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Map<String, SubjectDataKey> keys = cli.readKeys();
            TreeSet<String> live = new TreeSet<>();
            TreeSet<String> tombstoned = new TreeSet<>();
            keys.forEach((k, v) -> {
                if (k.startsWith(ref + "/")) {
                    (v == null ? tombstoned : live).add(k);
                }
            });
            // Every partition's task tombstones its key when it processes the request, even without one.
            if (live.isEmpty() && tombstoned.size() >= partitions) {
                out.printf("erased: data keys of %s destroyed on %d partitions (tombstones on %s; compaction removes them within "
                        + "the bound in docs/ledger.md); the erasure is recorded in every ledger chain%n", ref, tombstoned.size(), cli.keysTopic);
                out.flush();
                return ExitCodes.OK;
            }
            if (System.nanoTime() > deadline) {
                out.printf("erasure requested, but after %s keys remain on %s: %s (is governance-streams running?)%n", timeout,
                        cli.keysTopic, live);
                out.flush();
                return ExitCodes.TIMED_OUT;
            }
            // Polling the keys topic is the observable signal here; each read is a full, bounded replay.
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the erasure", e);
            }
        }
    }

    /** One request per partition, in one transaction: every chain records the erasure, or none does. */
    private int request(LedgerCli cli, String ref) {
        String id = UUID.randomUUID().toString();
        SubjectErasure erasure = SubjectErasure.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId(id).setCorrelationId(id).setCausationId(id).setTenant(tenant)
                        .setOccurredAt(Instant.now()).setProducer("govctl").setTraceparent(null).build())
                .setSubjectRef(ref).setRequestedBy(requestedBy).setReason(reason).build();
        byte[] value = cli.erasures.serializer().serialize(cli.erasuresTopic, erasure);
        Map<String, Object> props = new LinkedHashMap<>(cli.kafka);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "govctl-erase-" + id);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            int partitions = producer.partitionsFor(cli.erasuresTopic).size();
            int dispatch = producer.partitionsFor(cli.dispatchTopic).size();
            if (partitions != dispatch) {
                throw new IllegalStateException(cli.erasuresTopic + " has " + partitions + " partitions but " + cli.dispatchTopic + " has "
                        + dispatch + ": they must match (run 'govctl topology apply')");
            }
            producer.initTransactions();
            producer.beginTransaction();
            for (int p = 0; p < partitions; p++) {
                producer.send(new ProducerRecord<>(cli.erasuresTopic, p, ref, value));
            }
            producer.commitTransaction();
            return partitions;
        }
    }
}
