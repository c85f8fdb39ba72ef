package io.govstream.ledger.bench;

import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.ChainHasher;
import io.govstream.ledger.LedgerChain;
import io.govstream.ledger.LedgerFact;
import io.govstream.ledger.LedgerHead;
import io.govstream.ledger.LedgerVerifier;
import io.govstream.ledger.VerificationReport;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * Not a test (no Test suffix, so neither surefire nor failsafe runs it): the throughput of
 * {@code ledger verify}'s code path over N in-memory entries — Avro decode, chain hash, payload
 * hash, Merkle frontier — against a plain SHA-256 loop over the same entries' hashed bytes
 * (canonical encoding and payload) in the same JVM. Command and figures: docs/benchmarks.md.
 *
 * <pre>
 * mvn -B -o -q -pl ledger test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -Xmx6g -cp ledger/target/classes:ledger/target/test-classes:$(cat ledger/target/bench.cp) \
 *     io.govstream.ledger.bench.LedgerVerifyBenchmark 1000000 3
 * </pre>
 */
public final class LedgerVerifyBenchmark {
    private static final String TOPIC = "governance.ledger";

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        AvroSerde<LedgerEntry> serde = AvroSerde.forValue(LedgerEntry.class, new InMemorySchemaRegistryClient());
        System.out.printf("generating %,d entries ...%n", n);
        byte[][] wire = new byte[n][];
        byte[][] encodings = new byte[n][];
        byte[][] payloads = new byte[n][];
        LedgerChain chain = new LedgerChain("bench");
        LedgerHead head = LedgerHead.genesis(0);
        long wireBytes = 0;
        long hashedBytes = 0;
        for (int i = 0; i < n; i++) {
            LedgerEntry entry = chain.next(head.chain(), LedgerFact.decision(decision("c-" + i)), Instant.EPOCH.plusMillis(i));
            head = new LedgerHead(io.govstream.ledger.ChainHead.after(entry), null);
            wire[i] = serde.encode(TOPIC, entry);
            encodings[i] = ChainHasher.canonicalEncoding(entry);
            payloads[i] = Bytes.of(entry.getPayload());
            wireBytes += wire[i].length;
            hashedBytes += encodings[i].length + payloads[i].length;
        }
        System.out.printf("%,d entries: %.1f MB on the wire (%d B/entry), %.1f MB hashed per entry by the chain (%d B/entry)%n",
                n, wireBytes / 1e6, wireBytes / n, hashedBytes / 1e6, hashedBytes / n);
        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            LedgerVerifier verifier = new LedgerVerifier(b -> serde.decode(TOPIC, b));
            for (int i = 0; i < n; i++) {
                verifier.accept(0, i, wire[i]);
            }
            VerificationReport report = verifier.report();
            double verifySeconds = (System.nanoTime() - t0) / 1e9;
            if (!report.isClean() || report.byPartition().get(0).frontier() == null) {
                throw new IllegalStateException(report.toString());
            }

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
            System.out.printf("round %d: verify %.2f s = %,.0f entries/s, %.0f MB/s (wire); plain SHA-256 loop %.2f s = %,.0f entries/s,"
                            + " %.0f MB/s; ratio verify/SHA-256 = %.2f  [%d]%n", round, verifySeconds, n / verifySeconds,
                    wireBytes / 1e6 / verifySeconds, shaSeconds, n / shaSeconds, hashedBytes / 1e6 / shaSeconds,
                    shaSeconds / verifySeconds, sink);
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
