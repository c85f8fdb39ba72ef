package io.govstream.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.ChainHead;
import io.govstream.ledger.LedgerChain;
import io.govstream.ledger.LedgerFact;
import io.govstream.ledger.export.ExportRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit report rendered by a real browser (Debian chromium, headless): the charts the page's
 * script draws exist in the DOM, the empty states read as a person expects, and the page raised no
 * script error. Fails, never skips, without chromium (.ci/run installs it).
 */
@Timeout(120)
class AuditReportRenderTest {
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path tmp;

    @Test
    void givenDecisionsOverThreeHours_whenTheReportIsRenderedInChromium_thenChartsExist_emptyStatesShow_andNoScriptErrors() throws Exception {
        Path page = tmp.resolve("report.html");
        Files.writeString(page, ReportHtml.render(model(rows())));

        Rendered r = render(page);

        assertThat(r.dom()).contains("data-rendered=\"ok\"").doesNotContain("id=\"script-error\"");
        assertThat(r.dom()).contains("id=\"chart-decisions-per-hour\"", "class=\"bar bar-permit\"", "class=\"bar bar-deny\"");
        assertThat(count(r.dom(), "class=\"bar bar-")).isEqualTo(5); // 3 hours: P+D, P, P+D
        assertThat(r.dom()).contains("id=\"chart-denial-reasons\"", "default-deny (default-dispatch v1)");
        assertThat(r.dom()).contains("no escalations in this period", "none yet");
        assertThat(r.dom()).contains("VERIFIED", "6 decisions", "id=\"signer-keys\">1a2b3c4d");
        assertThat(r.stderr()).doesNotContain("Uncaught").doesNotContain("console.error");
        // Self-contained: nothing is fetched from anywhere (the one URL is the SVG namespace name, never fetched).
        assertThat(Files.readString(page).replace("http://www.w3.org/2000/svg", ""))
                .doesNotContain("http://", "https://", "src=", "href=", "url(", "@import");
    }

    @Test
    void givenNoDecisions_whenRendered_thenThePageSaysSo_withoutErrors() throws Exception {
        Path page = tmp.resolve("empty.html");
        Files.writeString(page, ReportHtml.render(model(List.of())));

        Rendered r = render(page);

        assertThat(r.dom()).contains("data-rendered=\"ok\"", "no decisions in this period", "no denials in this period")
                .doesNotContain("id=\"script-error\"");
    }

    @Test
    void givenAReasonWithScriptTags_whenRendered_thenItCannotBreakOutOfTheDataBlock() throws Exception {
        List<ExportRow> rows = new ArrayList<>(rows());
        rows.add(row(7, Effect.DENY, "</script><script>window.pwned=1</script>", T0));
        Path page = tmp.resolve("hostile.html");
        Files.writeString(page, ReportHtml.render(model(rows)));

        Rendered r = render(page);

        assertThat(r.dom()).contains("data-rendered=\"ok\"").doesNotContain("id=\"script-error\"");
        // Shown as text in the chart label, not run: the page still finished its own script.
        assertThat(r.dom()).contains("&lt;/script&gt;&lt;script&gt;window.p");
    }

    private static ReportModel model(List<ExportRow> rows) {
        return new ReportModel(T0, T0.plusSeconds(4 * 3600), T0.plusSeconds(5 * 3600), "governance.ledger", rows,
                new ReportModel.Integrity(true, 42, 3, List.of(),
                        List.of(new ReportModel.Checkpoint(0, 14, T0.plusSeconds(3600), "1a2b3c4d", "ab".repeat(32))),
                        List.of("1a2b3c4d"), true));
    }

    private static List<ExportRow> rows() {
        return List.of(
                row(1, Effect.PERMIT, "default-dispatch", T0.plusSeconds(60)),
                row(2, Effect.DENY, "default-dispatch", T0.plusSeconds(120)),
                row(3, Effect.PERMIT, "default-dispatch", T0.plusSeconds(3600 + 60)),
                row(4, Effect.PERMIT, "default-dispatch", T0.plusSeconds(2 * 3600 + 60)),
                row(5, Effect.DENY, "default-dispatch", T0.plusSeconds(2 * 3600 + 120)),
                row(6, Effect.PERMIT, "default-dispatch", T0.plusSeconds(2 * 3600 + 180)));
    }

    private static ExportRow row(int n, Effect effect, String policySet, Instant at) {
        GovernanceDecision d = GovernanceDecision.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId("d-" + n).setCorrelationId("c-" + n).setCausationId("r-" + n)
                        .setTenant("acme").setOccurredAt(at).setProducer("governance-streams").setTraceparent(null).build())
                .setRequestEventId("r-" + n).setEffect(effect).setPolicySetId(policySet).setPolicyVersion("1").setPolicyHash("sha256:00")
                .setRuleId(effect == Effect.PERMIT ? "permit-orbit-axon-reason" : "default-deny").setReason("because")
                .setSource("orbit").setTarget("axon").setIntent("reason").setSubject("alice").build();
        LedgerEntry e = new LedgerChain("test").next(ChainHead.genesis(0), LedgerFact.decision(d), at);
        return ExportRow.of(e, n);
    }

    record Rendered(String dom, String stderr) {
    }

    private Rendered render(Path page) throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("chromium is required to test the audit report: install it with 'apt-get update && apt-get install -y chromium' "
                    + "(.ci/run does); " + CHROMIUM + " is missing");
        }
        Path profile = Files.createDirectory(tmp.resolve("profile-" + System.nanoTime()));
        Path stdout = tmp.resolve("dom-" + System.nanoTime() + ".html");
        Path stderr = tmp.resolve("stderr-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=5000", "--dump-dom", page.toUri().toString())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish rendering " + page + " within 90 s; stderr:\n" + Files.readString(stderr));
        }
        String dom = Files.readString(stdout, StandardCharsets.UTF_8);
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("chromium exit code; stderr:\n" + err).isZero();
        return new Rendered(dom, err);
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
