package io.govstream.bench.jmh;

import io.govstream.events.LedgerEntry;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.ChainHasher;
import io.govstream.ledger.audit.LedgerAudit;
import io.govstream.ledger.LedgerChain;
import io.govstream.ledger.LedgerFact;
import io.govstream.ledger.LedgerHead;
import io.govstream.ledger.LedgerHeadSerde;
import io.govstream.ledger.LedgerVerifier;
import io.govstream.ledger.VerificationReport;
import io.govstream.ledger.checkpoint.CheckpointSigner;
import io.govstream.ledger.checkpoint.Checkpoints;
import io.govstream.ledger.merkle.MerkleFrontier;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.secrets.SigningKeyFiles;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.avro.generic.IndexedRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * ns per ledger entry: appending (what the appender computes per entry), verifying (what
 * {@code govctl ledger verify} does per record, from wire bytes) beside a plain SHA-256 loop over
 * the same entries' hashed bytes, the per-entry cost of the heads store's encoding, and signing
 * one checkpoint. Chains are {@value #ENTRIES} entries long; each invocation walks one whole
 * chain from genesis, so the Merkle frontier grows as it does in a partition.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LedgerBenchmark {
    static final int ENTRIES = 4096;
    private static final String TOPIC = "governance.ledger";

    private final LedgerChain chain = new LedgerChain("governance-streams");
    private final Instant at = Instant.parse("2026-11-22T12:00:00Z");
    private final LedgerHeadSerde headSerde = new LedgerHeadSerde();
    private LedgerFact[] facts;
    private LedgerEntry[] entries;
    private byte[][] wire;
    private byte[][] encodings;
    private byte[][] payloads;
    private AvroSerde<LedgerEntry> serde;
    private CheckpointSigner signer;
    private LedgerHead head;
    private MessageDigest sha256;
    private Function<byte[], ? extends IndexedRecord> verifyDecoder;

    @Setup
    public void setUp() throws NoSuchAlgorithmException {
        serde = AvroSerde.forValue(LedgerEntry.class, new InMemorySchemaRegistryClient());
        facts = new LedgerFact[ENTRIES];
        entries = new LedgerEntry[ENTRIES];
        wire = new byte[ENTRIES][];
        encodings = new byte[ENTRIES][];
        payloads = new byte[ENTRIES][];
        LedgerHead h = LedgerHead.genesis(0);
        for (int i = 0; i < ENTRIES; i++) {
            facts[i] = LedgerFact.decision(BenchEvents.decision(i));
            entries[i] = chain.next(h.chain(), facts[i], at);
            h = h.after(entries[i]);
            wire[i] = serde.encode(TOPIC, entries[i]);
            encodings[i] = ChainHasher.canonicalEncoding(entries[i]);
            payloads[i] = Bytes.of(entries[i].getPayload());
        }
        head = h;
        signer = CheckpointSigner.of(SigningKeyFiles.generate());
        sha256 = MessageDigest.getInstance("SHA-256");
        verifyDecoder = LedgerAudit.Verification.reusing(serde, TOPIC, 1).decoders().get();
    }

    /** The appender's work per entry, stores aside: build and hash the entry, advance chain head and Merkle frontier. */
    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public LedgerHead append() {
        LedgerHead h = LedgerHead.genesis(0);
        for (LedgerFact fact : facts) {
            h = h.after(chain.next(h.chain(), fact, at));
        }
        return h;
    }

    /** Only the hashing of an append: the entry's chain hash, then the Merkle frontier update with it. */
    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public MerkleFrontier hashAndFrontier() {
        MerkleFrontier frontier = MerkleFrontier.empty();
        for (LedgerEntry entry : entries) {
            frontier = frontier.append(ChainHasher.hash(entry));
        }
        return frontier;
    }

    /**
     * {@code ledger verify} per record, on one of its threads: decode from the wire with the thread's reusing
     * decoder, re-hash entry and payload, check the chain, grow the frontier.
     */
    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public VerificationReport verify() {
        LedgerVerifier verifier = new LedgerVerifier(verifyDecoder);
        for (int i = 0; i < ENTRIES; i++) {
            verifier.accept(0, i, wire[i]);
        }
        VerificationReport report = verifier.report();
        if (!report.isClean()) {
            throw new IllegalStateException(report.toString());
        }
        return report;
    }

    /** The limit hashing alone sets: SHA-256 over the same bytes verify hashes (canonical encoding and payload). */
    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public void plainSha256(Blackhole sink) {
        for (int i = 0; i < ENTRIES; i++) {
            sink.consume(sha256.digest(encodings[i]));
            sink.consume(sha256.digest(payloads[i]));
        }
    }

    /** What the heads store costs per entry: the head (chain head + frontier) encoded and decoded once. */
    @Benchmark
    public LedgerHead headStoreRoundTrip() {
        return headSerde.deserializer().deserialize("ledger-heads", headSerde.serializer().serialize("ledger-heads", head));
    }

    /** One signed partition checkpoint (Ed25519 via Tink), what the checkpointer does every N entries. */
    @Benchmark
    public Object signCheckpoint() {
        return signer.sign(Checkpoints.of(TOPIC, head, at, "governance-streams"));
    }
}
