package io.govstream.cli.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govstream.cli.client.DurationConverter;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.ledger.ConcurrentLedgerVerifier;
import io.govstream.ledger.PartitionSummary;
import io.govstream.ledger.Problem;
import io.govstream.ledger.VerificationReport;
import io.govstream.ledger.audit.LedgerAudit;
import io.govstream.ledger.checkpoint.CheckpointCosignatures;
import io.govstream.ledger.checkpoint.CheckpointRecord;
import io.govstream.ledger.checkpoint.CheckpointVerifier;
import io.govstream.ledger.checkpoint.TrustedCheckpoints;
import io.govstream.ledger.checkpoint.WitnessPolicy;
import io.govstream.ledger.proof.ProofJson;
import io.govstream.topology.Catalogue;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Replay the ledger and recompute every partition's hash chain and Merkle tree; check every signed",
                "checkpoint's signature, root and chain head, and the consistency of consecutive checkpoints.",
                "Names the partition and offset of any modified, missing, reordered or injected entry and of any",
                "forged, mismatched or inconsistent checkpoint, and of entries older than --max-checkpoint-lag that no",
                "verified checkpoint covers (with a key, a ledger without checkpoints does not pass). With --witness-key:",
                "also that each partition has a verified checkpoint cosigned by a quorum of those witnesses."},
        exitCodeList = {"0:ledger intact", "1:error (cannot read the ledger)", "6:ledger failed verification"})
public final class LedgerVerifyCommand extends GovctlCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    private LedgerOptions ledger;
    @Option(names = "--key", paramLabel = "PUBKEY",
            description = "Public keyset (Tink JSON) checkpoints must be signed with (default: <data dir>/ledger-signing.pub.json).")
    private Path key;
    @Option(names = "--from-checkpoint",
            description = "Incremental: start each partition at its latest validly signed checkpoint instead of the first entry.")
    private boolean fromCheckpoint;
    @Option(names = "--max-checkpoint-lag", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = {"With a key: entries appended longer ago than this that no verified checkpoint covers fail the",
                    "verification (checkpoints deleted, or never signed). governance-streams signs one every 1,000 entries",
                    "or 10 s. Default: ${DEFAULT-VALUE}."})
    private Duration maxCheckpointLag;
    @Option(names = "--trusted-checkpoint", paramLabel = "FILE",
            description = {"Also check the ledger against checkpoints kept outside the cluster (written earlier with",
                    "--save-checkpoints): a rewrite of both topics that agrees with itself fails here. Needs the key."})
    private Path trustedCheckpoint;
    @Option(names = "--save-checkpoints", paramLabel = "FILE",
            description = "After a clean verification, write each partition's latest verified checkpoint to FILE, to keep outside the cluster.")
    private Path saveCheckpoints;
    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON to FILE.")
    private Path json;
    @Option(names = "--witness-key", paramLabel = "VKEY",
            description = {"A trusted witness's verifier key (type 0x04, from 'govctl ledger witness keygen'). Repeatable. With it, every",
                    "partition with entries must have a verified checkpoint cosigned by --witness-quorum of these witnesses."})
    private List<String> witnessKeys = new java.util.ArrayList<>();
    @Option(names = "--witness-quorum", paramLabel = "N",
            description = "How many of the --witness-key witnesses must have cosigned (default: all of them).")
    private Integer witnessQuorum;
    @Option(names = "--threads", paramLabel = "N",
            description = {"Threads verifying partitions in parallel: each partition's chain and Merkle tree are independent, so",
                    "up to one thread per partition helps. Default: one per core."})
    private Integer threads;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CheckpointVerifier keys = LedgerCli.publicKey(key, ledger.config().dataDir());
        List<CheckpointRecord> trusted = List.of();
        if (trustedCheckpoint != null) {
            if (keys == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--trusted-checkpoint needs the public key (--key FILE, or ledger-signing.pub.json in the data dir)");
            }
            trusted = TrustedCheckpoints.records(TrustedCheckpoints.read(trustedCheckpoint));
            out.println("checking against " + trusted.size() + " trusted checkpoints from " + trustedCheckpoint);
        }
        WitnessPolicy witnesses = LedgerCli.witnessPolicy(spec.commandLine(), witnessKeys, witnessQuorum);
        if (witnesses != null && keys == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--witness-key needs the ledger's public key (--key FILE, or ledger-signing.pub.json in the data dir)");
        }
        if (threads != null && threads < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--threads must be 1 or more, not " + threads);
        }
        Outcome outcome = run(ledger.cli(), keys, fromCheckpoint, out, maxCheckpointLag, trusted, witnesses,
                threads == null ? ConcurrentLedgerVerifier.defaultThreads() : threads);
        if (saveCheckpoints != null) {
            List<LedgerCheckpoint> latest = new java.util.ArrayList<>();
            outcome.result().report().partitions().keySet().forEach(p -> outcome.result().latestVerified(p).ifPresent(latest::add));
            if (!outcome.result().report().isClean() || latest.isEmpty()) {
                out.println("no checkpoints saved: " + (latest.isEmpty() ? "none was verified" : "the ledger failed verification"));
            } else {
                TrustedCheckpoints.write(saveCheckpoints, latest);
                out.println(latest.size() + " verified checkpoints saved to " + saveCheckpoints + ": keep it outside the cluster");
            }
        }
        if (json != null) {
            writeJson(outcome, json);
            out.println("report written to " + json);
        }
        return outcome.result().report().isClean() ? ExitCodes.OK : ExitCodes.LEDGER_INVALID;
    }

    /** What the demo reports: the chains, and the signed checkpoints that cover every partition's head. */
    public record SignedVerification(VerificationReport report, int checkpointsVerified, boolean headsCheckpointed) {
    }

    /**
     * Verifies chains and the signed checkpoints with the data dir's public key, waiting up to
     * {@code wait} for checkpoints that cover every partition's head (they are emitted every N
     * entries or T seconds), then prints the verification.
     */
    public static SignedVerification verifySigned(Map<String, Object> client, java.nio.file.Path dataDir, Duration wait,
                                                  PrintWriter out) throws InterruptedException {
        LedgerCli cli = new LedgerCli(client, Catalogue.load(), null, null, null);
        CheckpointVerifier keys = LedgerCli.publicKey(null, dataDir);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Outcome quiet = run(cli, keys, new PrintWriter(java.io.Writer.nullWriter()), DEFAULT_CHECKPOINT_LAG);
            boolean covered = headsCheckpointed(quiet.result());
            if (covered || System.nanoTime() > deadline || !quiet.result().report().isClean()) {
                Outcome shown = run(cli, keys, out, DEFAULT_CHECKPOINT_LAG);
                return new SignedVerification(shown.result().report(),
                        shown.result().verifiedCheckpoints().values().stream().mapToInt(List::size).sum(),
                        headsCheckpointed(shown.result()));
            }
            Thread.sleep(500);
        }
    }

    private static boolean headsCheckpointed(LedgerAudit.Result result) {
        return result.report().partitions().values().stream().allMatch(p -> result.latestVerified(p.partition())
                .map(c -> c.getTreeSize() == p.fromSequence() + p.entriesChecked()).orElse(false));
    }

    record Outcome(LedgerCli cli, LedgerAudit.Result result, double seconds, boolean checkpointsChecked) {
    }

    /** How long an entry may stay without a verified checkpoint, unless told otherwise. */
    static final Duration DEFAULT_CHECKPOINT_LAG = Duration.ofMinutes(5);

    /** From the first offset; {@code maxLag} null: no staleness bound (restore and checkpoint signing check a ledger at rest). */
    static Outcome run(LedgerCli cli, CheckpointVerifier keys, PrintWriter out, Duration maxLag) {
        return run(cli, keys, false, out, maxLag, List.of(), null, ConcurrentLedgerVerifier.defaultThreads());
    }

    /**
     * @param trusted   checkpoints kept outside the cluster, checked beside the topic's
     * @param witnesses witnesses whose quorum must have cosigned a verified checkpoint of every partition; null: none
     * @param threads   threads verifying partitions in parallel
     */
    static Outcome run(LedgerCli cli, CheckpointVerifier keys, boolean fromCheckpoint, PrintWriter out, Duration maxLag,
                       List<CheckpointRecord> trusted, WitnessPolicy witnesses, int threads) {
        List<CheckpointRecord> checkpoints = keys == null ? List.of() : new java.util.ArrayList<>(cli.readCheckpoints());
        if (keys == null) {
            out.println("checkpoints NOT checked: no public key (pass --key FILE or keep ledger-signing.pub.json in the data dir)");
        } else {
            checkpoints.addAll(trusted);
        }
        out.println("verifying " + cli.ledgerTopic + (fromCheckpoint ? " from the latest signed checkpoints" : " from the first offset")
                + (keys == null ? "" : " with " + checkpoints.size() + " checkpoints from " + cli.checkpointsTopic)
                + ", " + threads + (threads == 1 ? " thread" : " threads") + " ...");
        out.flush();
        Progress progress = new Progress(out);
        LedgerAudit.Result result = LedgerAudit.run(cli.ledgerTopic, cli.ledgerStore(), cli.checkpointsTopic,
                checkpoints, keys, cli::entry, fromCheckpoint, progress::update, maxLag == null ? null : Instant.now(), maxLag,
                LedgerAudit.Verification.reusing(cli.entries, cli.ledgerTopic, threads), witnesses);
        double seconds = progress.done();
        VerificationReport report = result.report();
        report.partitions().values().forEach(p -> {
            LedgerCheckpoint last = result.latestVerified(p.partition()).orElse(null);
            out.printf("  partition %d: %d entries from sequence %d, head %s, merkle root %s, %s%n", p.partition(), p.entriesChecked(),
                    p.fromSequence(), p.head().lastHashHex(), p.merkleRootHex() == null ? "(not rebuilt)" : p.merkleRootHex(),
                    keys == null ? "checkpoints not checked" : result.verifiedCheckpoints().getOrDefault(p.partition(), List.of()).size()
                            + " checkpoints verified" + (last == null ? "" : ", latest at size " + last.getTreeSize())
                            + (witnesses == null || !result.witnessed().containsKey(p.partition()) ? ""
                            : ", witnessed at size " + result.witnessed().get(p.partition()).size() + " by "
                            + result.witnessed().get(p.partition()).cosigned().names()));
        });
        if (result.combinedVerified() > 0) {
            out.printf("  %d combined checkpoints verified%n", result.combinedVerified());
        }
        if (report.isClean()) {
            out.printf("ledger intact: %d entries in %d partitions verified in %.2f s (%,.0f entries/s)%n",
                    report.entriesChecked(), report.partitions().size(), seconds, report.entriesChecked() / Math.max(seconds, 1e-9));
        } else {
            out.printf("LEDGER INVALID: %d problems in %d entries%n", report.problems().size(), report.entriesChecked());
            for (Problem problem : report.problems()) {
                out.printf("  partition %d, offset %d: %s: %s%n", problem.partition(), problem.offset(), problem.kind(), problem.message());
            }
        }
        out.flush();
        return new Outcome(cli, result, seconds, keys != null);
    }

    static void writeJson(Outcome outcome, Path file) {
        VerificationReport report = outcome.result().report();
        ObjectNode root = JSON.createObjectNode();
        root.put("ledgerTopic", outcome.cli().ledgerTopic);
        root.put("checkpointsTopic", outcome.cli().checkpointsTopic);
        root.put("verifiedAt", Instant.now().toString());
        root.put("clean", report.isClean());
        root.put("entriesChecked", report.entriesChecked());
        root.put("seconds", outcome.seconds());
        root.put("entriesPerSecond", report.entriesChecked() / Math.max(outcome.seconds(), 1e-9));
        root.put("checkpointsChecked", outcome.checkpointsChecked());
        root.put("checkpointsRead", outcome.result().checkpointsRead());
        root.put("combinedCheckpointsVerified", outcome.result().combinedVerified());
        ArrayNode partitions = root.putArray("partitions");
        for (PartitionSummary p : report.partitions().values()) {
            ObjectNode n = partitions.addObject();
            n.put("partition", p.partition());
            n.put("entriesChecked", p.entriesChecked());
            n.put("fromSequence", p.fromSequence());
            n.put("nextSequence", p.head().nextSequence());
            n.put("headHash", p.head().lastHashHex());
            n.put("merkleRoot", p.merkleRootHex());
            n.put("checkpointsVerified", outcome.result().verifiedCheckpoints().getOrDefault(p.partition(), List.of()).size());
            outcome.result().latestVerified(p.partition()).ifPresent(cp -> n.set("latestCheckpoint", ProofJson.checkpoint(cp, -1)));
            CheckpointCosignatures.Witnessed w = outcome.result().witnessed().get(p.partition());
            if (w != null) {
                ObjectNode witnessed = n.putObject("witnessed");
                witnessed.put("treeSize", w.size());
                ArrayNode by = witnessed.putArray("cosignedBy");
                w.cosigned().verified().forEach(k -> by.add(k.vkey()));
            }
        }
        ArrayNode problems = root.putArray("problems");
        for (Problem p : report.problems()) {
            problems.addObject().put("partition", p.partition()).put("offset", p.offset()).put("kind", p.kind().name())
                    .put("message", p.message());
        }
        write(file, root.toPrettyString());
    }
}
