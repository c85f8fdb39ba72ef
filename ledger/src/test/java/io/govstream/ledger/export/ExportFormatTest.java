package io.govstream.ledger.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.ChainHasher;
import io.govstream.ledger.ChainHead;
import io.govstream.ledger.KafkaLedgerReader.OffsetRange;
import io.govstream.ledger.LedgerChain;
import io.govstream.ledger.LedgerFact;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

class ExportFormatTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    static GovernanceDecision decision(String correlationId, String tenant, String target, String subject, Effect effect, String reason) {
        return GovernanceDecision.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId("decision-" + correlationId).setCorrelationId(correlationId)
                        .setCausationId("request-" + correlationId).setTenant(tenant).setOccurredAt(T0)
                        .setProducer("governance-streams").setTraceparent(null).build())
                .setRequestEventId("request-" + correlationId).setEffect(effect)
                .setPolicySetId("default-dispatch").setPolicyVersion("1").setPolicyHash("sha256:00")
                .setRuleId(effect == Effect.PERMIT ? "permit-orbit-axon" : "default-deny").setReason(reason)
                .setSource("orbit").setTarget(target).setIntent("reason").setSubject(subject).build();
    }

    /** Entries one hour apart: c-0 PERMIT axon alice (acme), c-1 DENY billing bob (acme), c-2 DENY axon alice (globex). */
    static List<ExportRow> rows() {
        LedgerChain chain = new LedgerChain("test");
        ChainHead head = ChainHead.genesis(0);
        List<GovernanceDecision> decisions = List.of(
                decision("c-0", "acme", "axon", "alice", Effect.PERMIT, "orbit may ask axon"),
                decision("c-1", "acme", "billing", "bob", Effect.DENY, "no rule matched, \"default\" deny, sorry"),
                decision("c-2", "globex", "axon", "alice", Effect.DENY, "rate limit"));
        List<ExportRow> rows = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            LedgerEntry e = chain.next(head, LedgerFact.decision(decisions.get(i)), T0.plusSeconds(3600L * i));
            head = ChainHead.after(e);
            rows.add(ExportRow.of(e, 10 + i));
        }
        return rows;
    }

    private static ExportHeader header(ExportFilter filter) {
        return new ExportHeader("governance.ledger", T0.plusSeconds(86_400), filter, List.of(new OffsetRange(0, 10, 13)));
    }

    @Test
    void givenDecisions_whenFilteredByTimeTenantTargetSubjectEffectOrCorrelation_thenOnlyMatchingEntriesRemain() {
        List<ExportRow> rows = rows();
        assertThat(ids(rows, new ExportFilter(T0.plusSeconds(3600), null, null, null, null, null, null))).containsExactly("c-1", "c-2");
        assertThat(ids(rows, new ExportFilter(null, T0.plusSeconds(3600), null, null, null, null, null))).containsExactly("c-0");
        assertThat(ids(rows, new ExportFilter(null, null, "acme", null, null, null, null))).containsExactly("c-0", "c-1");
        assertThat(ids(rows, new ExportFilter(null, null, null, "axon", null, null, null))).containsExactly("c-0", "c-2");
        assertThat(ids(rows, new ExportFilter(null, null, null, null, "alice", Effect.DENY, null))).containsExactly("c-2");
        assertThat(ids(rows, new ExportFilter(null, null, null, null, null, null, "c-1"))).containsExactly("c-1");
    }

    @Test
    void givenRows_whenExportedAsJsonLines_thenHeaderStatesPeriodAndPositions_andEachLineIsAnEntry() throws Exception {
        ExportFilter filter = new ExportFilter(T0, T0.plusSeconds(7200), null, null, null, Effect.DENY, null);
        String text = write(ExportFormat.JSONL, filter, select(rows(), filter));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        JsonNode header = lines.get(0);
        assertThat(header.path("format").asText()).isEqualTo("govstream-ledger-export-v1");
        assertThat(header.path("period").path("since").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(header.path("period").path("until").asText()).isEqualTo("2026-01-01T02:00:00Z");
        assertThat(header.path("filter").path("effect").asText()).isEqualTo("DENY");
        assertThat(header.path("positions").get(0).path("fromOffset").asLong()).isEqualTo(10);
        assertThat(header.path("positions").get(0).path("toOffset").asLong()).isEqualTo(13);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1).path("correlationId").asText()).isEqualTo("c-1");
        assertThat(lines.get(1).path("effect").asText()).isEqualTo("DENY");
        assertThat(lines.get(1).path("target").asText()).isEqualTo("billing");
        assertThat(lines.get(1).path("offset").asLong()).isEqualTo(11);
        assertThat(lines.get(2).path("type").asText()).isEqualTo("summary");
        assertThat(lines.get(2).path("entries").asLong()).isEqualTo(1);
    }

    @Test
    void givenAReasonWithCommasAndQuotes_whenExportedAsCsv_thenTheCellIsQuoted_andCommentsStateThePeriod() {
        String text = write(ExportFormat.CSV, new ExportFilter(null, null, null, null, null, null, null), rows());
        String[] lines = text.split("\n");
        assertThat(lines[0]).startsWith("# govstream-ledger-export-v1 of governance.ledger");
        assertThat(lines[1]).contains("period beginning of the ledger .. 2026-01-02T00:00:00Z").contains("governance.ledger-0@10..13");
        assertThat(lines[2]).startsWith("partition,sequence,offset,kind,appendedAt,tenant,correlationId");
        assertThat(lines[4]).contains(",DENY,billing,bob,").contains("\"no rule matched, \"\"default\"\" deny, sorry\"");
        assertThat(lines[lines.length - 1]).isEqualTo("# entries: 3");
    }

    @Test
    void givenRows_whenExportedAsAvro_thenTheFileHoldsTheUnchangedEntries_andTheHeaderAsMetadata() throws Exception {
        List<ExportRow> rows = rows();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExportFormat.Sink sink = ExportFormat.AVRO.open(out, header(new ExportFilter(null, null, null, null, null, null, null)))) {
            rows.forEach(sink::write);
        }
        try (DataFileStream<LedgerEntry> file = new DataFileStream<>(new java.io.ByteArrayInputStream(out.toByteArray()),
                new SpecificDatumReader<>(LedgerEntry.class))) {
            JsonNode header = JSON.readTree(file.getMetaString(ExportFormat.AVRO_HEADER_META));
            assertThat(header.path("positions").get(0).path("toOffset").asLong()).isEqualTo(13);
            List<LedgerEntry> entries = new ArrayList<>();
            file.forEach(entries::add);
            assertThat(entries).hasSize(3);
            for (LedgerEntry e : entries) {
                assertThat(Arrays.equals(ChainHasher.hash(e), io.govstream.ledger.Bytes.of(e.getHash()))).isTrue();
            }
        }
    }

    @Test
    void givenAFlagChangeEntry_whenExported_thenTheRowSaysWhichFlagWentFromWhatToWhatAndWho() {
        io.govstream.events.FlagChange change = io.govstream.events.FlagChange.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId("f-1").setCorrelationId("f-1").setCausationId("f-1").setTenant("*")
                        .setOccurredAt(T0).setProducer("governance-streams").build())
                .setName("axon_paused").setValue(true).setPreviousValue(null).setAuthor("alice").setChangedAt(T0).setNote("incident 42")
                .build();
        LedgerEntry entry = new LedgerChain("test").next(ChainHead.genesis(0), new LedgerFact(change.getEnvelope(),
                io.govstream.events.LedgerEntryKind.STATE_CHANGE, "flag/axon_paused",
                io.govstream.events.FlagChange.getClassSchema().getFullName(), LedgerFact.avroBinary(change)), T0);

        ExportRow row = ExportRow.of(entry, 0);

        assertThat(row.kind()).isEqualTo("STATE_CHANGE");
        assertThat(row.reason()).isEqualTo("flag axon_paused: (unset) -> true by alice (incident 42)");
    }

    @Test
    void givenDurationArguments_whenParsed_thenShortAndIsoFormsWork_andNonsenseIsExplained() {
        assertThat(TimeArg.duration("5m")).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(TimeArg.duration("0s")).isZero();
        assertThat(TimeArg.duration("2w")).isEqualTo(java.time.Duration.ofDays(14));
        assertThat(TimeArg.duration("pt90s")).isEqualTo(java.time.Duration.ofSeconds(90));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TimeArg.duration("soon"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'soon' is not a duration: use 90s, 30m");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TimeArg.duration("99999999999999999999d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is too long: at most 106751d");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TimeArg.duration("-PT5M"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is negative");
    }

    @Test
    void givenTimeArguments_whenParsed_thenAbsoluteAndRelativeFormsWork_andNonsenseIsExplained() {
        Instant now = Instant.parse("2026-03-10T12:00:00Z");
        assertThat(TimeArg.parse("24h", now)).isEqualTo(Instant.parse("2026-03-09T12:00:00Z"));
        assertThat(TimeArg.parse("7d", now)).isEqualTo(Instant.parse("2026-03-03T12:00:00Z"));
        assertThat(TimeArg.parse("30m", now)).isEqualTo(Instant.parse("2026-03-10T11:30:00Z"));
        assertThat(TimeArg.parse("PT2H", now)).isEqualTo(Instant.parse("2026-03-10T10:00:00Z"));
        assertThat(TimeArg.parse("2026-01-01", now)).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(TimeArg.parse("2026-01-01T10:00:00+02:00", now)).isEqualTo(Instant.parse("2026-01-01T08:00:00Z"));
        assertThat(TimeArg.parse("2026-01-01T10:00:00Z", now)).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThatThrownBy(() -> TimeArg.parse("yesterday", now)).hasMessageContaining("24h");
        assertThatThrownBy(() -> ExportFormat.parse("xml")).hasMessageContaining("jsonl, csv or avro");
    }

    /** Filters rows already in memory, keeping their order, as an export filters the rows it reads. */
    private static List<ExportRow> select(List<ExportRow> rows, ExportFilter filter) {
        return rows.stream().filter(filter::matches).toList();
    }

    private static List<String> ids(List<ExportRow> rows, ExportFilter filter) {
        return select(rows, filter).stream().map(ExportRow::correlationId).toList();
    }

    private static String write(ExportFormat format, ExportFilter filter, List<ExportRow> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExportFormat.Sink sink = format.open(out, header(filter))) {
            rows.forEach(sink::write);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
