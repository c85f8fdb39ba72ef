package io.govstream.cli.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.cli.client.KeyDirOption;
import io.govstream.cli.client.PlatformKek;
import io.govstream.events.LedgerEntry;
import io.govstream.events.SubjectDataKey;
import io.govstream.ledger.export.ExportFormat;
import io.govstream.ledger.export.ExportRow;
import io.govstream.ledger.gdpr.EnvironmentKek;
import io.govstream.ledger.gdpr.KeyEncryptionKey;
import io.govstream.ledger.gdpr.KeysTopic;
import io.govstream.ledger.gdpr.PersonalPayloads;
import io.govstream.schemas.gdpr.SubjectRef;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "access", mixinStandardHelpOptions = true,
        description = {"Everything the platform holds about one data subject (GDPR Art. 15), as JSON: every ledger entry that",
                "names them (as requester, approver or voter, deployment requester or reporter, flag or policy author) with its",
                "personal fields decrypted, and any erasure; and every other topic that holds their identifier in clear",
                "(requests, decisions, votes in transit; open escalations and gates; policies and flags they authored), with",
                "how long it stays. After 'govctl ledger erase' the personal fields read \"[erased]\" and, once compaction has",
                "run, no other topic holds the identifier."},
        exitCodeList = {"0:report written (possibly with no entries)", "1:error (no key-encryption key, cannot read the ledger)"})
public final class LedgerAccessCommand extends GovctlCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    private LedgerOptions ledger;
    @Mixin
    private KeyDirOption keyDir;
    @Parameters(index = "0", paramLabel = "SUBJECT", description = "The subject identifier, as in dispatch requests.")
    private String subject;
    @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON to FILE instead of standard output.")
    private Path outFile;
    @Option(names = "--ledger-only", description = "Report the ledger's entries only; do not read every other topic for the identifier.")
    private boolean ledgerOnly;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String json = access(ledger.cli(), keyDir.kek(ledger.config().dataDir(), err::println), subject, !ledgerOnly, line -> {
            err.println(line);
            err.flush();
        });
        if (outFile == null) {
            out.print(json);
        } else {
            write(outFile, json);
            out.println("subject access report for " + subject + " written to " + outFile);
        }
        return ExitCodes.OK;
    }

    /**
     * The report as JSON.
     *
     * @param everyTopic also read every other topic for the identifier in clear ({@code heldInClear})
     */
    public static String access(LedgerCli cli, PlatformKek platformKek, String subject, boolean everyTopic,
                                java.util.function.Consumer<String> progress) {
        KeyEncryptionKey kek = platformKek.open().orElseThrow(() -> new IllegalArgumentException(
                "no ledger key-encryption key here (--key-dir, " + EnvironmentKek.DEFAULT_VARIABLE + "): personal data cannot be decrypted"))
                .kek();
        String ref = SubjectRef.of(subject);
        Map<String, SubjectDataKey> keys = cli.readKeys();
        ExportRow.Reveal reveal = ExportRow.Reveal.with(KeysTopic.ring(keys, kek));
        List<ExportRow> rows = new ArrayList<>();
        List<SpecificRecord> payloads = new ArrayList<>();
        cli.ledgerReader().replayFromStart(r -> {
            LedgerEntry entry = cli.entry(r.value());
            ExportRow row = ExportRow.of(entry, r.offset(), reveal);
            // Every entry naming the person: as requester, approver, voter, deployment actor or author
            // (their key encrypts it), or erasing them. Entries from before encryption carry the identifier in clear.
            if (PersonalPayloads.subjectRefs(entry).contains(ref) || (row.subjectRef() == null && subject.equals(row.subject()))) {
                rows.add(row);
                payloads.add(PersonalPayloads.decode(entry).map(p -> reveal.apply(entry, p)).orElse(null));
            }
        });
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "govstream-subject-access-v1");
        root.put("subject", subject);
        root.put("subjectRef", ref);
        root.put("generatedAt", Instant.now().toString());
        root.put("ledgerTopic", cli.ledgerTopic);
        ArrayNode livePartitions = root.putArray("dataKeysOnPartitions");
        keys.entrySet().stream().filter(k -> k.getKey().startsWith(ref + "/") && k.getValue() != null)
                .map(k -> k.getKey().substring(ref.length() + 1)).sorted().forEach(p -> livePartitions.add(Integer.parseInt(p)));
        boolean erased = rows.stream().anyMatch(r -> ExportRow.ERASURE_TYPE.equals(r.entry().getPayloadType()));
        root.put("erased", erased);
        root.put("entryCount", rows.size());
        ArrayNode entries = root.putArray("entries");
        for (int i = 0; i < rows.size(); i++) {
            ObjectNode row = ExportFormat.json(rows.get(i));
            if (payloads.get(i) != null) {
                row.put("payloadType", rows.get(i).entry().getPayloadType());
                try {
                    // Avro's JSON form of the record, personal fields decrypted (or "[erased]").
                    row.set("payload", JSON.readTree(payloads.get(i).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot render the payload of entry " + rows.get(i).sequence(), e);
                }
            }
            entries.add(row);
        }
        if (everyTopic) {
            ArrayNode held = root.putArray("heldInClear");
            for (HeldInClear.Holding holding : HeldInClear.scan(cli.kafka, cli.catalogue, cli.ledgerTopic, subject, progress)) {
                held.addObject().put("topic", holding.topic()).put("records", holding.records()).put("kept", holding.kept());
            }
        }
        return root.toPrettyString() + "\n";
    }
}
