package io.govstream.cli.audit;

/**
 * The audit report as ONE self-contained HTML page: inline CSS, the data as an inline JSON block,
 * and an inline script that draws the charts as SVG. No network, no CDN: it opens from a USB stick
 * in an air-gapped room. The script marks {@code <body data-rendered="ok">} when done, and any
 * script error appears in the page as {@code #script-error} (the headless-browser test looks for both).
 */
public final class ReportHtml {
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
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>govstream audit report</title>
                <style>
                body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2430;background:#f5f6f8}
                header{background:#1d2430;color:#fff;padding:18px 28px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#c9d1dc}
                main{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:18px;padding:18px 28px}
                section{background:#fff;border-radius:8px;padding:14px 18px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
                section h2{font-size:15px;margin:0 0 10px}.wide{grid-column:1/-1}
                .badge{display:inline-block;padding:2px 10px;border-radius:10px;font-weight:600;font-size:12px}
                .ok{background:#e3f4e6;color:#1b5e20}.bad{background:#fde7e7;color:#b71c1c}
                table{border-collapse:collapse;width:100%%}td,th{text-align:left;padding:4px 8px;border-bottom:1px solid #eceef1;font-size:13px}
                .empty{color:#6b7480;font-style:italic}.legend span{display:inline-block;margin-right:14px;font-size:12px}
                .legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
                svg.chart{width:100%%;height:auto;display:block}svg text{font:11px system-ui,sans-serif;fill:#4a5360}
                #script-error{background:#fde7e7;color:#b71c1c;padding:8px 28px}
                </style>
                </head>
                <body>
                <header><h1>govstream audit report</h1>
                <p>Ledger <code>%s</code> · period %s · generated %s · <span id="decision-count"></span></p></header>
                <main>
                <section class="wide"><h2>Decisions per hour, by effect</h2><div id="decisions-per-hour"></div><div class="legend" id="effect-legend"></div></section>
                <section><h2>Top denial reasons (by rule)</h2><div id="denial-reasons"></div></section>
                <section><h2>Escalations and approval times</h2><div id="escalations"></div></section>
                <section><h2>Deployments per environment</h2><div id="deployments"></div></section>
                <section><h2>Integrity %s</h2>
                <p>%d entries verified over %d partitions%s; signer key%s: <code id="signer-keys">%s</code></p>
                <table id="checkpoints"><tr><th>partition</th><th>entries</th><th>last checkpoint</th><th>key</th><th>root</th></tr>
                %s</table>%s</section>
                </main>
                <script type="application/json" id="report-data">%s</script>
                <script>
                window.onerror = function (message) {
                  var d = document.getElementById('script-error') || document.createElement('div');
                  d.id = 'script-error'; d.textContent = 'report script error: ' + message;
                  document.body.insertBefore(d, document.body.firstChild);
                };
                (function () {
                  'use strict';
                  var data = JSON.parse(document.getElementById('report-data').textContent);
                  var NS = 'http://www.w3.org/2000/svg';
                  var COLORS = {PERMIT: '#2e7d32', DENY: '#c62828', ESCALATE: '#ef6c00', PENDING: '#1565c0'};
                  var EFFECTS = ['PERMIT', 'DENY', 'ESCALATE', 'PENDING'];
                  function svg(tag, attrs, parent) {
                    var e = document.createElementNS(NS, tag);
                    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
                    if (parent) { parent.appendChild(e); }
                    return e;
                  }
                  function text(parent, x, y, value, anchor) {
                    var t = svg('text', {x: x, y: y, 'text-anchor': anchor || 'start'}, parent);
                    t.textContent = value;
                    return t;
                  }
                  function empty(container, id, message) {
                    var p = document.createElement('p');
                    p.className = 'empty'; p.id = id; p.textContent = message;
                    container.appendChild(p);
                  }
                  document.getElementById('decision-count').textContent = data.decisions + ' decisions';

                  var hours = data.perHour, perHour = document.getElementById('decisions-per-hour');
                  if (hours.length === 0) {
                    empty(perHour, 'decisions-empty', 'no decisions in this period');
                  } else {
                    var W = 900, H = 260, left = 40, bottom = 40, top = 10;
                    var max = Math.max.apply(null, hours.map(function (h) {
                      return EFFECTS.reduce(function (s, e) { return s + h[e]; }, 0);
                    }));
                    var chart = svg('svg', {id: 'chart-decisions-per-hour', 'class': 'chart', viewBox: '0 0 ' + W + ' ' + H, role: 'img',
                      'aria-label': 'decisions per hour by effect'}, perHour);
                    var slot = (W - left) / hours.length, bar = Math.max(4, slot * 0.7);
                    svg('line', {x1: left, y1: H - bottom, x2: W, y2: H - bottom, stroke: '#9aa3ad'}, chart);
                    text(chart, left - 6, top + 8, String(max), 'end');
                    text(chart, left - 6, H - bottom, '0', 'end');
                    hours.forEach(function (h, i) {
                      var y = H - bottom, x = left + i * slot + (slot - bar) / 2;
                      EFFECTS.forEach(function (e) {
                        if (h[e] === 0) { return; }
                        var height = (H - bottom - top) * h[e] / max;
                        y -= height;
                        var r = svg('rect', {x: x, y: y, width: bar, height: height, fill: COLORS[e], 'class': 'bar bar-' + e.toLowerCase()}, chart);
                        svg('title', {}, r).textContent = h.hour + ' ' + e + ': ' + h[e];
                      });
                      if (hours.length <= 24 || i %% Math.ceil(hours.length / 24) === 0) {
                        text(chart, x + bar / 2, H - bottom + 14, h.hour.substring(11, 16), 'middle');
                      }
                    });
                    text(chart, left, H - 6, hours[0].hour.substring(0, 10) + ' (UTC, hour starts)');
                    var legend = document.getElementById('effect-legend');
                    EFFECTS.forEach(function (e) {
                      var s = document.createElement('span'), i = document.createElement('i');
                      i.style.background = COLORS[e]; s.appendChild(i); s.appendChild(document.createTextNode(e)); legend.appendChild(s);
                    });
                  }

                  var denials = data.topDenials, reasons = document.getElementById('denial-reasons');
                  if (denials.length === 0) {
                    empty(reasons, 'denials-empty', 'no denials in this period');
                  } else {
                    var RW = 440, row = 26, RH = denials.length * row + 6, labelW = 250;
                    var dmax = Math.max.apply(null, denials.map(function (d) { return d.count; }));
                    var hb = svg('svg', {id: 'chart-denial-reasons', 'class': 'chart', viewBox: '0 0 ' + RW + ' ' + RH, role: 'img',
                      'aria-label': 'top denial reasons'}, reasons);
                    denials.forEach(function (d, i) {
                      var label = d.rule.length > 40 ? d.rule.substring(0, 39) + '…' : d.rule;
                      text(hb, 0, i * row + 17, label);
                      var w = Math.max(2, (RW - labelW - 40) * d.count / dmax);
                      svg('rect', {x: labelW, y: i * row + 5, width: w, height: row - 10, fill: COLORS.DENY, 'class': 'bar denial'}, hb);
                      text(hb, labelW + w + 6, i * row + 17, String(d.count));
                    });
                  }

                  var esc = document.getElementById('escalations');
                  if (data.escalations.count === 0) {
                    empty(esc, 'escalations-empty', 'no escalations in this period');
                  } else if (data.escalations.approvalMinutes.length === 0) {
                    empty(esc, 'escalations-pending', data.escalations.count + ' escalations; no approval times recorded yet');
                  } else {
                    var mins = data.escalations.approvalMinutes, em = Math.max.apply(null, mins);
                    var ec = svg('svg', {id: 'chart-approval-times', 'class': 'chart', viewBox: '0 0 440 120'}, esc);
                    mins.forEach(function (m, i) {
                      var h = 100 * m / em;
                      svg('rect', {x: 10 + i * (420 / mins.length), y: 110 - h, width: Math.max(2, 380 / mins.length), height: h,
                        fill: COLORS.ESCALATE, 'class': 'bar approval'}, ec);
                    });
                  }

                  var dep = document.getElementById('deployments');
                  if (data.deployments.length === 0) {
                    empty(dep, 'deployments-empty', 'none yet — deployment governance is not recorded in the ledger yet');
                  }
                  document.body.setAttribute('data-rendered', 'ok');
                })();
                </script>
                </body>
                </html>
                """.formatted(esc(model.ledgerTopic()), esc(period), esc(model.generatedAt().toString()), status,
                integrity.entriesVerified(), integrity.partitions(),
                integrity.signaturesChecked() ? " (chains, Merkle roots, checkpoint signatures)" : " (chains only: no public key)",
                integrity.signerKeyIds().size() == 1 ? "" : "s", esc(String.join(", ", integrity.signerKeyIds())), cps,
                problems.length() == 0 ? "" : "<ul id=\"integrity-problems\">" + problems + "</ul>", json);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
