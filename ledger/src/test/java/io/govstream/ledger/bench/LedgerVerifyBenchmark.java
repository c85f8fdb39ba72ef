package io.govstream.ledger.bench;

import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.ChainHasher;
import io.govstream.ledger.ChainHead;
import io.govstream.ledger.ConcurrentLedgerVerifier;
import io.govstream.ledger.InMemoryLedger;
import io.govstream.ledger.audit.LedgerAudit;
import io.govstream.ledger.LedgerChain;
import io.govstream.ledger.LedgerFact;
import io.govstream.ledger.LedgerRecord;
import io.govstream.ledger.VerificationReport;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Not a test (no Test suffix, so neither surefire nor failsafe runs it): the throughput of
 * {@code govctl ledger verify}'s code path over N in-memory entries against a plain SHA-256 loop
 * over the same entries' hashed bytes (canonical encoding and payload) in the same JVM. The
 * verification is {@link LedgerAudit#run} without checkpoints, as {@code ledger verify} calls it,
 * with the decoders {@code ledger verify} uses ({@link LedgerAudit.Verification#reusing}); only the source differs: records in memory,
 * handed over in per-partition batches of {@link InMemoryLedger#BATCH} as the Kafka consumer's polls
 * hand them over, instead of the topic. Each round runs it with every thread count asked for.
 * Command and figures: docs/benchmarks.md.
 *
 * <pre>
 * mvn -B -o -q -pl ledger -am test-compile
 * mvn -B -o -q -pl ledger dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -Xmx6g -cp ledger/target/classes:ledger/target/test-classes:schemas/events/target/classes:topology/target/classes:$(cat ledger/target/bench.cp) \
 *     io.govstream.ledger.bench.LedgerVerifyBenchmark 1000000 5 3 1,2
 * </pre>
 * Arguments: entries (1,000,000), rounds (5), ledger partitions (3), thread counts (1 and the number of cores).
 */
public final class LedgerVerifyBenchmark {
    private static final String TOPIC = "governance.ledger";

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int[] threadCounts = args.length > 3 ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, ConcurrentLedgerVerifier.defaultThreads()};
        AvroSerde<LedgerEntry> serde = AvroSerde.forValue(LedgerEntry.class, new InMemorySchemaRegistryClient());
        System.out.printf("generating %,d entries in %d partitions ...%n", n, partitions);
        InMemoryLedger ledger = new InMemoryLedger();
        byte[][] encodings = new byte[n][];
        byte[][] payloads = new byte[n][];
        LedgerChain chain = new LedgerChain("bench");
        ChainHead[] heads = new ChainHead[partitions];
        long[] offsets = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            heads[p] = ChainHead.genesis(p);
        }
        long wireBytes = 0;
        long hashedBytes = 0;
        // Interleaved in runs of one poll's worth per partition, as a consumer of the topic sees them.
        for (int i = 0; i < n; i++) {
            int p = (i / InMemoryLedger.BATCH) % partitions;
            LedgerEntry entry = chain.next(heads[p], LedgerFact.decision(decision("c-" + i)), Instant.EPOCH.plusMillis(i));
            heads[p] = ChainHead.after(entry);
            byte[] wire = serde.encode(TOPIC, entry);
            ledger.add(new LedgerRecord(p, offsets[p]++, wire));
            encodings[i] = ChainHasher.canonicalEncoding(entry);
            payloads[i] = Bytes.of(entry.getPayload());
            wireBytes += wire.length;
            hashedBytes += encodings[i].length + payloads[i].length;
        }
        System.out.printf("%,d entries: %.1f MB on the wire (%d B/entry), %.1f MB hashed per entry by the chain (%d B/entry); %d cores%n",
                n, wireBytes / 1e6, wireBytes / n, hashedBytes / 1e6, hashedBytes / n, Runtime.getRuntime().availableProcessors());
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threadBean = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= rounds; round++) {
            List<String> parts = new ArrayList<>();
            double[] verifySeconds = new double[threadCounts.length];
            for (int t = 0; t < threadCounts.length; t++) {
                System.gc();
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                int threads = threadCounts[t];
                LedgerAudit.Result result = LedgerAudit.run(TOPIC, ledger, "unused", List.of(), null, b -> serde.decode(TOPIC, b), false,
                        read -> { }, null, null, LedgerAudit.Verification.reusing(serde, TOPIC, threads), null);
                verifySeconds[t] = (System.nanoTime() - t0) / 1e9;
                double cpuNsPerEntry = (double) (os.getProcessCpuTime() - cpu0) / n;
                VerificationReport report = result.report();
                if (!report.isClean() || report.entriesChecked() != n || report.partitions().values().stream().anyMatch(s -> s.frontier() == null)) {
                    throw new IllegalStateException(report.toString());
                }
                parts.add(String.format("verify %d thread%s %.2f s = %,.0f entries/s (%.0f MB/s wire, process CPU %,.0f ns/entry)", threads,
                        threads == 1 ? "" : "s", verifySeconds[t], n / verifySeconds[t], wireBytes / 1e6 / verifySeconds[t], cpuNsPerEntry));
            }

            System.gc();
            long c1 = threadBean.getCurrentThreadCpuTime();
            long t1 = System.nanoTime();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte sink = 0;
            for (int i = 0; i < n; i++) {
                sha.update(encodings[i]);
                sink ^= sha.digest()[0];
                sha.update(payloads[i]);
                sink ^= sha.digest()[0];
            }
            double shaSeconds = (System.nanoTime() - t1) / 1e9;
            double shaCpuNs = (double) (threadBean.getCurrentThreadCpuTime() - c1) / n;
            StringBuilder ratios = new StringBuilder();
            for (int t = 0; t < threadCounts.length; t++) {
                ratios.append(String.format(" %d thread%s %.2f", threadCounts[t], threadCounts[t] == 1 ? "" : "s", shaSeconds / verifySeconds[t]));
            }
            System.out.printf("round %d: %s; plain SHA-256 loop %.2f s = %,.0f entries/s (%.0f MB/s, thread CPU %,.0f ns/entry);"
                            + " ratio verify/SHA-256:%s; load average %.2f  [%d]%n", round, String.join("; ", parts), shaSeconds,
                    n / shaSeconds, hashedBytes / 1e6 / shaSeconds, shaCpuNs, ratios, os.getSystemLoadAverage(), sink);
        }
    }

    private static GovernanceDecision decision(String id) {
        return GovernanceDecision.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId("decision-" + id).setCorrelationId(id).setCausationId("request-" + id)
                        .setTenant("acme").setOccurredAt(Instant.EPOCH).setProducer("governance-streams")
                        .setTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").build())
                .setRequestEventId("request-" + id).setEffect(Effect.PERMIT).setPolicySetId("default-dispatch").setPolicyVersion("7")
                .setPolicyHash("sha256:4b227777d4dd1fc61c6f884f48641d02b4d121d3fd328cb08b5531fcacdabf8a")
                .setRuleId("permit-orbit-axon").setReason("orbit may ask axon to reason").setSource("orbit").setTarget("axon")
                .setIntent("reason").setSubject("alice").build();
    }
}
