package io.govstream.cli.auth;

import io.govstream.cli.client.DataDirOption;
import io.govstream.cli.client.DurationConverter;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.orbit.auth.OrbitRoles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Mint a bearer token for Orbit's API (HS256, key in <data dir>/secrets). Prints only the token.")
public final class TokenCommand extends GovctlCommand {
    @Mixin
    private DataDirOption dataDir;
    @Option(names = "--sub", required = true, paramLabel = "NAME", description = "Subject: who the token speaks for.")
    private String subject;
    @Option(names = "--role", required = true, paramLabel = "ROLE",
            description = "Role (repeatable): dispatcher, devops, security, auditor, admin.")
    private List<String> roles;
    @Option(names = "--tenant", required = true, paramLabel = "TENANT",
            description = "Tenant the token may act for (repeatable); '*' for every tenant (operators, auditors).")
    private List<String> tenants;
    @Option(names = "--ttl", defaultValue = "1h", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Lifetime, e.g. 15m, 1h, 8h (default: ${DEFAULT-VALUE}).")
    private Duration ttl;

    @Override
    public Integer call() {
        if (ttl.isZero() || ttl.compareTo(Duration.ofDays(30)) > 0) {
            throw new ParameterException(spec.commandLine(), "--ttl must be between 1s and 30 days");
        }
        for (String role : roles) {
            if (!OrbitRoles.ALL.contains(role)) {
                throw new ParameterException(spec.commandLine(), "unknown role '" + role + "'; known: "
                        + OrbitRoles.ALL.stream().sorted().toList());
            }
        }
        String token = TokenKey.load(dataDir.dataDir()).mint(subject, roles, tenants, ttl, Instant.now());
        spec.commandLine().getOut().println(token);
        return ExitCodes.OK;
    }
}
