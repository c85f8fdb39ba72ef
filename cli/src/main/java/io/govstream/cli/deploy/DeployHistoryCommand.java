package io.govstream.cli.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.cli.client.KeyDirOption;
import io.govstream.ledger.export.ExportFormat;
import io.govstream.ledger.export.TimeArg;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"The change log, from the ledger: every promotion request, check (with evidence), approval and revocation",
                "(with role), gate decision (with policy and rule), deployment, switch, health report and rollback.",
                "--format csv|json is the SOC 2 change-management export; each row names its ledger position (partition:sequence),",
                "which 'govctl ledger prove' can prove."},
        exitCodeList = {"0:written", "1:invalid arguments or cluster error"})
public final class DeployHistoryCommand extends GovctlCommand {
    @Mixin
    DeployClient client;
    @Mixin
    KeyDirOption keyDir;
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", description = "Only this service.")
    String service;
    @Option(names = "--since", paramLabel = "TIME",
            description = "Only entries appended at or after TIME: 2026-01-01, 2026-01-01T00:00:00Z, 24h, 7d, PT1H.")
    String since;
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv (RFC 4180) or json. Default: ${DEFAULT-VALUE}.")
    String format;

    @Override
    public Integer call() throws Exception {
        if (!List.of("table", "csv", "json").contains(format)) {
            throw new IllegalArgumentException("--format '" + format + "' is not table, csv or json");
        }
        Instant from = since == null ? Instant.EPOCH : TimeArg.parse(since, Instant.now());
        List<ChangeLog> rows = client.ledger(keyDir, spec.commandLine().getErr()::println).refresh().stream()
                .filter(e -> !e.at().isBefore(from))
                .map(ChangeLog::of)
                .filter(row -> service == null || service.equals(row.service()))
                .toList();
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case "csv" -> csv(out, rows);
            case "json" -> json(out, rows, from);
            default -> table(out, rows);
        }
        return ExitCodes.OK;
    }

    private static void csv(PrintWriter out, List<ChangeLog> rows) {
        out.print(String.join(",", ChangeLog.COLUMNS) + "\r\n");
        for (ChangeLog row : rows) {
            out.print(String.join(",", row.values().stream().map(ExportFormat::csvCell).toList()) + "\r\n");
        }
    }

    private static void json(PrintWriter out, List<ChangeLog> rows, Instant from) throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", "govstream-change-log-v1");
        doc.put("since", from.toString());
        doc.put("generatedAt", Instant.now().toString());
        doc.put("entries", rows);
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
    }

    private static void table(PrintWriter out, List<ChangeLog> rows) {
        String line = "%-24s %-14s %-10s %-24s %-26s %-10s %-8s %s%n";
        out.printf(line, "TIME", "SERVICE", "VERSION", "EVENT", "ENVIRONMENT", "ACTOR", "OUTCOME", "DETAIL");
        for (ChangeLog row : rows) {
            out.printf(line, row.time(), row.service(), row.version(), row.event(), row.environment(),
                    row.role().isEmpty() ? row.actor() : row.actor() + "/" + row.role(), row.outcome(), row.detail());
        }
    }
}
