package io.govstream.cli.ledger;

import io.govstream.cli.client.DurationConverter;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.cli.client.GovctlTrace;
import io.govstream.events.SubjectDataKey;
import io.govstream.events.SubjectErasure;
import io.govstream.governance.GovernanceStreamsConfig;
import io.govstream.ledger.gdpr.TransitPurge;
import io.govstream.schemas.Envelopes;
import io.govstream.schemas.EventHeaders;
import io.govstream.schemas.gdpr.SubjectRef;
import io.govstream.topology.TopicSpec;
import io.govstream.topology.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "erase", mixinStandardHelpOptions = true,
        description = {"Erase a data subject (GDPR Art. 17): asks every governance-streams task to destroy the subject's data",
                "key (a tombstone on the keys topic, removed by compaction within the documented bound) and to record the",
                "erasure in its ledger chain. Entries stay, and every chain, checkpoint and proof still verifies; the",
                "person's fields read \"[erased]\". Waits until no key of the subject is left on the keys topic, then purges",
                "the transit topics (catalogue 'erasure: purge': requests, votes, commands, results, ...) of every record",
                "written before the erasure that each consumer group has read. Policies and flags the person authored are",
                "written again with their pseudonym as author; compaction removes the earlier records."},
        exitCodeList = {"0:erased (and purged, unless --no-purge)", "1:error",
                "5:requested, but keys were still present after --timeout"})
public final class LedgerEraseCommand extends GovctlCommand {
    @Mixin
    private LedgerOptions ledger;
    @Parameters(index = "0", paramLabel = "SUBJECT", description = "The subject identifier, as in dispatch requests.")
    private String subject;
    @Option(names = "--reason", description = "Why, e.g. a ticket number (recorded in the ledger; no personal data).")
    private String reason;
    @Option(names = "--requested-by", defaultValue = "govctl", description = "Who asks (recorded in the ledger).")
    private String requestedBy;
    @Option(names = "--tenant", defaultValue = "*", description = "Tenant recorded on the erasure event (default: *).")
    private String tenant;
    @Option(names = "--timeout", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to wait for the keys to be destroyed (e.g. 60s).")
    private Duration timeout;
    @Option(names = "--no-purge", description = "Destroy the keys only; leave the transit topics to their retention.")
    private boolean noPurge;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LedgerCli cli = ledger.cli();
        String ref = SubjectRef.of(subject);
        Instant requestedAt = Instant.now();
        int partitions = request(cli, ref);
        out.printf("erasure of %s requested on %s, for the %d ledger chains%n", ref, cli.erasuresTopic, partitions);
        out.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
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
                for (ConfigurationErasure.Rewritten rewritten : ConfigurationErasure.rewrite(cli, new Topics(cli.catalogue), ref)) {
                    out.printf("  %-40s %,10d records rewritten with the pseudonym as author%n", rewritten.topic(), rewritten.records());
                }
                if (!noPurge) {
                    purge(out, cli, requestedAt);
                }
                return ExitCodes.OK;
            }
            if (System.nanoTime() > deadline) {
                out.printf("erasure requested, but after %d s keys remain on %s: %s (is governance-streams running?)%n", timeout.toSeconds(),
                        cli.keysTopic, live);
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

    /** Deletes what the transit topics hold from before the erasure, as far as every reader has processed it, and says so. */
    private void purge(PrintWriter out, LedgerCli cli, Instant before) {
        List<String> topics = new ArrayList<>(cli.catalogue.topics().stream().filter(TopicSpec::purgedOnErasure).map(TopicSpec::name)
                .toList());
        List<TransitPurge.Cut> cuts;
        try (Admin admin = Admin.create(cli.kafka)) {
            // And governance-streams' repartition topics: requests on their way to their tenant's task. Kafka Streams
            // purges them itself after each commit, on its own schedule; an erasure does not wait for it.
            topics.addAll(TransitPurge.repartitionTopics(admin, GovernanceStreamsConfig.APPLICATION_ID, Duration.ofSeconds(30)));
            cuts = new TransitPurge(admin, Duration.ofSeconds(30)).purge(topics, before);
        }
        Map<String, long[]> byTopic = new TreeMap<>();
        TreeSet<String> holders = new TreeSet<>();
        for (TransitPurge.Cut cut : cuts) {
            long[] sums = byTopic.computeIfAbsent(cut.partition().topic(), t -> new long[2]);
            sums[0] += cut.purged();
            sums[1] += cut.kept();
            if (cut.kept() > 0 && cut.heldBy() != null) {
                holders.add(cut.heldBy());
            }
        }
        byTopic.forEach((topic, sums) -> out.printf("  %-40s %,10d records purged%s%n", topic, sums[0],
                sums[1] > 0 ? String.format(", %,d kept: not yet read by every consumer group", sums[1]) : ""));
        long purged = cuts.stream().mapToLong(TransitPurge.Cut::purged).sum();
        long kept = cuts.stream().mapToLong(TransitPurge.Cut::kept).sum();
        out.printf("purged %,d records written before the erasure from %d transit topics%s%n", purged, byTopic.size(),
                kept == 0 ? "" : String.format("; %,d kept until %s read them (run erase again later, or they expire by retention)",
                        kept, holders.isEmpty() ? "their readers" : String.join(", ", holders)));
    }

    /**
     * One request, written once: governance-streams copies it to every task, so every chain records
     * the erasure. Returns the number of chains (the requests topic's partitions).
     */
    private int request(LedgerCli cli, String ref) {
        SubjectErasure erasure = SubjectErasure.newBuilder()
                .setEnvelope(Envelopes.newCorrelation(tenant, "govctl", Instant.now(), GovctlTrace.traceparent()))
                .setSubjectRef(ref).setRequestedBy(requestedBy).setReason(reason).build();
        byte[] value = cli.erasures.serializer().serialize(cli.erasuresTopic, erasure);
        try (KafkaProducer<String, byte[]> producer = cli.producer()) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(cli.erasuresTopic, ref, value);
            EventHeaders.put(record.headers(), erasure.getEnvelope().getCorrelationId(), erasure.getEnvelope().getTraceparent());
            producer.send(record).get();
            return producer.partitionsFor(cli.dispatchTopic).size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while requesting the erasure", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("could not write the erasure request to " + cli.erasuresTopic + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
