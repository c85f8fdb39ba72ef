package io.govstream.cli.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The audit report as ONE self-contained HTML page: inline CSS, the data as an inline JSON block,
 * and an inline script that draws the charts as SVG. No network, no CDN: it opens from a USB stick
 * in an air-gapped room. The script marks {@code <body data-rendered="ok">} when done, and any
 * script error appears in the page as {@code #script-error} (the headless-browser test looks for both).
 */
public final class ReportHtml {
    /** The page (report.html beside this class): {@link #render} fills in its %s and %d; %% is a percent sign. */
    private static final String PAGE = read("report.html");

    private ReportHtml() {
    }

    public static String render(ReportModel model) {
        // "</" inside a script block would end it; JSON allows "\/" for "/".
        String json = model.toJson().toString().replace("</", "<\\/").replace("<!--", "<\\!--");
        ReportModel.Integrity integrity = model.integrity();
        StringBuilder cps = new StringBuilder();
        for (ReportModel.Checkpoint c : integrity.lastCheckpoints()) {
            cps.append("<tr><td>").append(c.partition()).append("</td><td>").append(c.treeSize()).append("</td><td>")
                    .append(esc(c.issuedAt().toString())).append("</td><td><code>").append(esc(c.keyId())).append("</code></td><td><code>")
                    .append(esc(c.rootHex().substring(0, Math.min(16, c.rootHex().length())))).append("…</code></td></tr>\n");
        }
        String status = integrity.verified()
                ? "<span class=\"badge ok\" id=\"integrity-status\">VERIFIED</span>"
                : "<span class=\"badge bad\" id=\"integrity-status\">NOT VERIFIED</span>";
        StringBuilder problems = new StringBuilder();
        integrity.problems().stream().limit(20).forEach(p -> problems.append("<li>").append(esc(p)).append("</li>"));
        String period = (model.since() == null ? "the beginning of the ledger" : model.since().toString()) + " – " + model.until();
        return PAGE.formatted(esc(model.ledgerTopic()), esc(period), esc(model.generatedAt().toString()), status,
                integrity.entriesVerified(), integrity.partitions(),
                integrity.signaturesChecked() ? " (chains, Merkle roots, checkpoint signatures)" : " (chains only: no public key)",
                integrity.signerKeyIds().size() == 1 ? "" : "s", esc(String.join(", ", integrity.signerKeyIds())), cps,
                problems.length() == 0 ? "" : "<ul id=\"integrity-problems\">" + problems + "</ul>", json);
    }

    private static String read(String resource) {
        try (InputStream in = ReportHtml.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
