package io.govstream.ledger.pack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.PolicySetPublished;
import io.govstream.ledger.ChainHasher;
import io.govstream.ledger.KafkaLedgerReader.OffsetRange;
import io.govstream.ledger.checkpoint.CheckpointRecord;
import io.govstream.ledger.export.ExportFilter;
import io.govstream.ledger.export.ExportFormat;
import io.govstream.ledger.export.ExportHeader;
import io.govstream.ledger.export.ExportRow;
import io.govstream.ledger.proof.InclusionProof;
import io.govstream.ledger.proof.LedgerProver;
import io.govstream.ledger.proof.ProofJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.kafka.common.utils.Utils;

/**
 * An evidence pack: the entries of a period (JSON lines and Avro), an inclusion proof per entry
 * against the latest signed checkpoint of its partition, every checkpoint, the policy versions in
 * force, the Avro schemas, and {@code manifest.json} with the SHA-256 of every file. Written to a
 * directory, or zipped when the target ends in {@code .zip}. {@link PackVerifier} checks it offline.
 */
public final class EvidencePack {
    public static final String FORMAT = "govstream-evidence-pack-v1";
    public static final String MANIFEST = "manifest.json";
    static final String ENTRIES_JSONL = "entries.jsonl";
    static final String ENTRIES_AVRO = "entries.avro";
    static final String CHECKPOINTS = "checkpoints.jsonl";
    static final String POLICIES = "policies.jsonl";
    static final String PROOFS = "proofs/";
    static final String SCHEMAS = "schemas/";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What goes in.
     *
     * @param provers         per partition, fed every entry of the partition from sequence 0 (at least up to its checkpoint)
     * @param proveAgainst    per partition, the latest validly signed checkpoint; partitions without one get no proofs
     * @param policies        the policy versions in force during the period (and the history before it)
     * @param schemas         registry subject → schema JSON
     */
    public record Inputs(String ledgerTopic, Instant generatedAt, ExportFilter period, List<OffsetRange> positions, List<ExportRow> rows,
                         Map<Integer, LedgerProver> provers, Map<Integer, CheckpointRecord> proveAgainst,
                         List<CheckpointRecord> checkpoints, List<PolicySetPublished> policies, Map<String, String> schemas) {
    }

    /** What was written. */
    public record Summary(Path target, int entries, int proofs, List<String> unproven, int checkpoints, int policies, int schemas) {
    }

    private EvidencePack() {
    }

    public static Summary write(Inputs in, Path target) {
        boolean zip = target.getFileName().toString().endsWith(".zip");
        Path dir;
        try {
            if (zip) {
                if (Files.exists(target)) {
                    throw new IllegalArgumentException(target + " already exists");
                }
                dir = Files.createTempDirectory("govstream-pack");
            } else {
                dir = target;
                if (Files.exists(dir) && !isEmptyDir(dir)) {
                    throw new IllegalArgumentException(dir + " is not an empty directory");
                }
                Files.createDirectories(dir);
            }
            Summary summary = writeInto(in, dir, target);
            if (zip) {
                zip(dir, target);
                Utils.delete(dir.toFile());
            }
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the evidence pack " + target, e);
        }
    }

    private static Summary writeInto(Inputs in, Path dir, Path target) throws IOException {
        ExportHeader header = new ExportHeader(in.ledgerTopic(), in.generatedAt(), in.period(), in.positions());
        try (OutputStream out = Files.newOutputStream(dir.resolve(ENTRIES_JSONL)); ExportFormat.Sink sink = ExportFormat.JSONL.open(out, header)) {
            in.rows().forEach(sink::write);
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve(ENTRIES_AVRO)); ExportFormat.Sink sink = ExportFormat.AVRO.open(out, header)) {
            in.rows().forEach(sink::write);
        }

        Files.createDirectories(dir.resolve(PROOFS));
        int proofs = 0;
        List<String> unproven = new ArrayList<>();
        for (ExportRow row : in.rows()) {
            CheckpointRecord cp = in.proveAgainst().get(row.partition());
            String position = row.partition() + ":" + row.sequence();
            if (cp == null || cp.checkpoint().getTreeSize() <= row.sequence()) {
                unproven.add(position);
                continue;
            }
            InclusionProof proof = in.provers().get(row.partition()).prove(in.ledgerTopic(), row.entry(), row.offset(), cp.checkpoint(), cp.offset());
            Files.writeString(dir.resolve(proofFile(row.partition(), row.sequence())), ProofJson.write(proof));
            proofs++;
        }

        StringBuilder checkpoints = new StringBuilder();
        for (CheckpointRecord r : in.checkpoints()) {
            checkpoints.append(JSON.writeValueAsString(ProofJson.checkpoint(r.checkpoint(), r.offset()))).append('\n');
        }
        Files.writeString(dir.resolve(CHECKPOINTS), checkpoints);

        StringBuilder policies = new StringBuilder();
        for (PolicySetPublished p : in.policies()) {
            ObjectNode o = JSON.createObjectNode();
            o.put("policySetId", p.getPolicySetId());
            o.put("version", p.getVersion());
            o.put("tenantScope", p.getTenantScope());
            o.put("mode", p.getMode().name());
            o.put("contentHash", p.getContentHash());
            o.put("author", p.getAuthor());
            o.put("publishedAt", p.getPublishedAt().toString());
            o.put("note", p.getNote());
            o.put("source", p.getSource());
            policies.append(JSON.writeValueAsString(o)).append('\n');
        }
        Files.writeString(dir.resolve(POLICIES), policies);

        Files.createDirectories(dir.resolve(SCHEMAS));
        for (Map.Entry<String, String> s : new TreeMap<>(in.schemas()).entrySet()) {
            Files.writeString(dir.resolve(SCHEMAS + s.getKey() + ".avsc"), s.getValue());
        }

        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format", FORMAT);
        manifest.set("header", header.toJson());
        manifest.put("entries", in.rows().size());
        manifest.put("proofs", proofs);
        ArrayNode unprovenNode = manifest.putArray("unproven");
        unproven.forEach(unprovenNode::add);
        manifest.put("unprovenReason", "appended after the latest signed checkpoint of its partition; prove it after the next checkpoint");
        ArrayNode against = manifest.putArray("provenAgainst");
        in.proveAgainst().values().stream().sorted(Comparator.comparingInt(r -> r.checkpoint().getPartition())).forEach(r -> {
            LedgerCheckpoint c = r.checkpoint();
            against.addObject().put("partition", c.getPartition()).put("treeSize", c.getTreeSize()).put("keyId", c.getKeyId())
                    .put("issuedAt", c.getIssuedAt().toString());
        });
        manifest.put("checkpoints", in.checkpoints().size());
        manifest.put("policies", in.policies().size());
        manifest.put("schemas", in.schemas().size());
        ArrayNode files = manifest.putArray("files");
        for (Path file : listFiles(dir)) {
            String name = dir.relativize(file).toString().replace('\\', '/');
            files.addObject().put("path", name).put("sha256", ChainHasher.sha256Hex(file)).put("bytes", Files.size(file));
        }
        Files.writeString(dir.resolve(MANIFEST), PRETTY.writeValueAsString(manifest) + "\n", StandardCharsets.UTF_8);
        return new Summary(target, in.rows().size(), proofs, unproven, in.checkpoints().size(), in.policies().size(), in.schemas().size());
    }

    static String proofFile(int partition, long sequence) {
        return PROOFS + "p" + partition + "-s" + sequence + ".json";
    }

    /** Every regular file under {@code dir} but the manifest, sorted. */
    static List<Path> listFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.equals(dir.resolve(MANIFEST))).sorted().toList();
        }
    }

    private static boolean isEmptyDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.findAny().isEmpty();
        }
    }

    private static void zip(Path dir, Path target) throws IOException {
        List<Path> files = new ArrayList<>(listFiles(dir));
        files.add(0, dir.resolve(MANIFEST));
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            for (Path file : files) {
                zip.putNextEntry(new ZipEntry(dir.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }
}
