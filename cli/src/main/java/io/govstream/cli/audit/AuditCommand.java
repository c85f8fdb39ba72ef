package io.govstream.cli.audit;

import picocli.CommandLine.Command;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Evidence for auditors: packs of entries with their proofs, verifiable offline.",
        subcommands = {AuditPackCommand.class, AuditVerifyPackCommand.class})
public final class AuditCommand {
}
