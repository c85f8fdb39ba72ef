package io.govstream.cli;

import io.govstream.cli.client.ExitCodes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** govctl as a user meets it without a running platform: help, usage errors, missing config. */
class GovctlTest {

    private static GovctlRun run(String... args) {
        return GovctlRun.of(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "up", "demo", "dispatch", "ledger", "ledger verify", "ledger prove", "ledger check-proof", "ledger checkpoint", "ledger witness", "ledger witness keygen", "ledger witness vkey", "ledger witness cosign", "ledger backup", "ledger restore", "ledger export", "ledger access", "ledger erase", "audit", "audit pack", "audit verify-pack", "audit report", "topology", "topology plan", "topology apply", "bench", "flag", "flag set", "flag unset", "flag list", "approve", "reject", "deploy", "deploy request", "deploy check", "deploy approve", "deploy revoke", "deploy complete", "deploy switch", "deploy health", "deploy status", "deploy history", "deploy rollback", "token", "keys", "keys rotate", "keys list", "keys init"})
    void givenAnyCommand_whenAskedForHelp_thenItPrintsUsageAndExitsZero(String command) {
        String[] args = (command.isEmpty() ? "--help" : command + " --help").split(" ");
        GovctlRun run = run(args);
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("Usage: govctl").contains(command);
    }

    @Test
    void givenAnUnknownOption_whenRun_thenUsageErrorExit2() {
        GovctlRun run = run("dispatch", "--intent", "reason", "--no-such-option");
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Unknown option: '--no-such-option'");
    }

    /**
     * A length of time that is none is a usage error before the command does anything: {@code ledger erase} used to
     * write its erasure request first and fail on its --timeout afterwards; --ttl and --max-checkpoint-lag read the
     * value with the default locale's upper case.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ledger erase alice --timeout", "ledger verify --max-checkpoint-lag", "ledger export --max-clock-skew",
            "audit report --out r.html --max-clock-skew", "policy whatif p.yaml --max-clock-skew", "deploy status --timeout",
            "token --sub alice --role dispatcher --tenant acme --ttl"})
    void givenALengthOfTimeThatIsNone_whenRun_thenUsageErrorNamingTheOptionBeforeAnythingIsDone(String command,
                                                                                              @TempDir Path dir) {
        String[] words = command.split(" ");
        String[] args = java.util.Arrays.copyOf(words, words.length + 3);
        args[words.length] = "1x";
        args[words.length + 1] = "--data-dir";
        args[words.length + 2] = dir.toString();
        GovctlRun run = run(args);
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(words[words.length - 1], "'1x' is not a duration: use 90s, 30m, 24h, 7d, 2w or PT5M");
    }

    /** A length of time longer than the platform can count in nanoseconds (about 292 years) used to fail mid-command. */
    @ParameterizedTest
    @ValueSource(strings = {"200000d", "9223372036854775807s", "99999999999999999999w"})
    void givenALengthOfTimeTooLongToCount_whenRun_thenUsageErrorBeforeAnythingIsDone(String value, @TempDir Path dir) {
        GovctlRun run = run("ledger", "erase", "alice", "--timeout", value, "--data-dir", dir.toString());
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--timeout", "'" + value + "' is too long: at most 106751d (about 292 years)");
    }

    @Test
    void givenNoRunningPlatform_whenVerifyingTheLedger_thenItSaysHowToStartOne(@TempDir Path dir) {
        GovctlRun run = run("ledger", "verify", "--data-dir", dir.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("no client configuration at").contains("govctl up");
    }

    @Test
    void givenAnUnknownFormatOrTime_whenExporting_thenTheMessageSaysWhatIsAccepted(@TempDir Path dir) {
        GovctlRun format = run("ledger", "export", "--format", "xml", "--data-dir", dir.toString());
        assertThat(format.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(format.err()).contains("use jsonl, csv or avro");
        GovctlRun since = run("ledger", "export", "--since", "yesterday", "--data-dir", dir.toString());
        assertThat(since.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(since.err()).contains("'yesterday' is not a time", "24h");
    }

    @Test
    void givenNoPack_whenVerifyingIt_thenItSaysSo(@TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("key.json"), io.govstream.secrets.SigningKeyFiles.serializePublic(
                io.govstream.secrets.SigningKeyFiles.generate()));
        GovctlRun run = run("audit", "verify-pack", dir.resolve("missing.zip").toString(), "--key", dir.resolve("key.json").toString(),
                "--data-dir", dir.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("no evidence pack at");
    }

    @Test
    void givenNoOrbit_whenDispatching_thenItSaysOrbitIsUnreachable(@TempDir Path dir) {
        GovctlRun run = run("dispatch", "--intent", "reason", "--data-dir", dir.toString(), "--orbit", "http://localhost:1",
                "--token", "any");
        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("cannot reach Orbit at http://localhost:1");
    }

    @Test
    void givenNoPlatformEverStarted_whenMintingAToken_thenItSaysToRunUp(@TempDir Path dir) {
        GovctlRun run = run("token", "--sub", "alice", "--role", "dispatcher", "--tenant", "acme", "--data-dir", dir.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("no token key at").contains("govctl up");
    }

    @Test
    void givenAKey_whenMintingAToken_thenOrbitsVerifierAcceptsItWithSubjectAndRole(@TempDir Path dir) throws Exception {
        io.govstream.cli.auth.TokenKey.createIfAbsent(dir);
        GovctlRun run = run("token", "--sub", "alice", "--role", "auditor", "--tenant", "acme", "--tenant", "globex", "--ttl", "15m",
                "--data-dir", dir.toString());
        assertThat(run.code()).isZero();
        com.nimbusds.jwt.SignedJWT token = com.nimbusds.jwt.SignedJWT.parse(run.out().strip());
        assertThat(io.govstream.cli.auth.TokenKey.load(dir).signature().verify(token)).as("Orbit's HS256 signature check").isTrue();
        assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("alice");
        assertThat(token.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("auditor");
        assertThat(token.getJWTClaimsSet().getStringListClaim("tenants")).containsExactly("acme", "globex");
        assertThat(token.getJWTClaimsSet().getExpirationTime().toInstant())
                .isBetween(java.time.Instant.now().plusSeconds(14 * 60), java.time.Instant.now().plusSeconds(15 * 60));
    }

    @Test
    void givenNoTenant_whenMintingAToken_thenUsageErrorNamingTheOption(@TempDir Path dir) {
        io.govstream.cli.auth.TokenKey.createIfAbsent(dir);
        GovctlRun run = run("token", "--sub", "alice", "--role", "dispatcher", "--data-dir", dir.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--tenant");
    }

    @Test
    void givenAnUnknownRole_whenMintingAToken_thenUsageError(@TempDir Path dir) {
        io.govstream.cli.auth.TokenKey.createIfAbsent(dir);
        GovctlRun run = run("token", "--sub", "alice", "--role", "root", "--tenant", "acme", "--data-dir", dir.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("unknown role 'root'");
    }

    @Test
    void givenKeys_whenRotatedAndRetired_thenTwoKeysVerifyDuringTheWindow_thenOnlyTheNewOne(@TempDir Path dir) {
        io.govstream.runtime.commands.CommandSeal.keyFiles(dir.resolve("secrets")).createIfAbsent();
        String original = run("keys", "list", "--data-dir", dir.toString()).out().lines().findFirst().orElseThrow().split("\\s+")[1];

        GovctlRun rotate = run("keys", "rotate", "--data-dir", dir.toString());
        assertThat(rotate.code()).isZero();
        assertThat(rotate.out()).contains("new primary key").contains(original + " still verifies");
        GovctlRun during = run("keys", "list", "--data-dir", dir.toString());
        assertThat(during.out()).contains("verify   " + original);
        assertThat(during.out().lines().count()).isEqualTo(2);

        GovctlRun retire = run("keys", "rotate", "--retire", "--data-dir", dir.toString());
        assertThat(retire.out()).contains("retired " + original);
        assertThat(run("keys", "list", "--data-dir", dir.toString()).out()).doesNotContain(original).startsWith("primary");
    }

    @Test
    void givenNoPlatformEverStarted_whenRotatingKeys_thenItSaysToRunUp(@TempDir Path dir) {
        GovctlRun run = run("keys", "rotate", "--data-dir", dir.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("no command-signing keys").contains("govctl up");
    }
}
