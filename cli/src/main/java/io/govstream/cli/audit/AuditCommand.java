package io.govstream.cli.audit;

import picocli.CommandLine.Command;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Evidence for auditors: packs of entries with their proofs, verifiable offline, and an HTML report.",
        subcommands = {AuditPackCommand.class, AuditVerifyPackCommand.class, AuditReportCommand.class})
public final class AuditCommand {
}
