package io.govstream.runtime.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.DispatchCommand;
import io.govstream.events.Envelope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandSealTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Duration TTL = Duration.ofHours(1);

    @TempDir
    Path secrets;

    static DispatchCommand command() {
        return DispatchCommand.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId("cmd-1").setCorrelationId("corr-1").setCausationId("dec-1")
                        .setTenant("acme").setOccurredAt(NOW).setProducer("governance-streams").build())
                .setCommandId("cmd-1").setDecisionEventId("dec-1").setTarget("axon").setIntent("reason")
                .setSubject("alice").setPayload("{\"n\":1}").build();
    }

    private CommandSeal.Signer signer() {
        return CommandSeal.Signer.fromFile(CommandSeal.keyFiles(secrets).createIfAbsent(), TTL);
    }

    private CommandSeal.Verifier verifier() {
        return CommandSeal.Verifier.fromFile(CommandSeal.keyFiles(secrets).publicFile());
    }

    @Test
    void givenASignedCommand_whenChecked_thenAccepted() {
        DispatchCommand signed = signer().sign(command(), NOW);
        assertThat(signed.getKeyId()).isNotBlank();
        assertThat(signed.getNonce()).isNotBlank();
        assertThat(signed.getExpiresAt()).isEqualTo(NOW.plus(TTL));
        assertThat(verifier().check(signed, NOW.plusSeconds(5))).isNull();
    }

    @Test
    void givenAnUnsignedCommand_whenChecked_thenUnsigned() {
        signer();
        assertThat(verifier().check(command(), NOW)).isEqualTo(CommandSeal.Refusal.UNSIGNED);
    }

    @Test
    void givenATamperedPayloadSubjectOrExpiry_whenChecked_thenTampered() {
        DispatchCommand signed = signer().sign(command(), NOW);
        CommandSeal.Verifier verifier = verifier();
        assertThat(verifier.check(DispatchCommand.newBuilder(signed).setPayload("{\"n\":2}").build(), NOW))
                .isEqualTo(CommandSeal.Refusal.TAMPERED);
        assertThat(verifier.check(DispatchCommand.newBuilder(signed).setSubject("mallory").build(), NOW))
                .isEqualTo(CommandSeal.Refusal.TAMPERED);
        assertThat(verifier.check(DispatchCommand.newBuilder(signed).setExpiresAt(NOW.plus(Duration.ofDays(365))).build(), NOW))
                .isEqualTo(CommandSeal.Refusal.TAMPERED);
    }

    @Test
    void givenAnExpiredCommand_whenChecked_thenExpired() {
        DispatchCommand signed = signer().sign(command(), NOW);
        assertThat(verifier().check(signed, NOW.plus(TTL).plusSeconds(1))).isEqualTo(CommandSeal.Refusal.EXPIRED);
    }

    @Test
    void givenAReplayedNonce_whenSeenAgainWithinItsLifetime_thenNotFirstTime_andForgottenAfterExpiry() {
        NonceStore nonces = new NonceStore();
        DispatchCommand signed = signer().sign(command(), NOW);
        assertThat(nonces.firstTime(signed.getNonce(), signed.getExpiresAt(), NOW)).isTrue();
        assertThat(nonces.firstTime(signed.getNonce(), signed.getExpiresAt(), NOW.plusSeconds(10))).isFalse();
        assertThat(nonces.firstTime("other", NOW.plus(TTL.multipliedBy(3)), NOW.plus(TTL).plusSeconds(1))).isTrue();
        assertThat(nonces.size()).as("the expired nonce was evicted").isEqualTo(1);
    }

    @Test
    void givenARotation_whenOldAndNewCommandsArrive_thenBothVerify_untilTheOldKeyIsRetired() {
        DispatchCommand byOldKey = signer().sign(command(), NOW);
        String oldKey = byOldKey.getKeyId();

        String newKey = CommandSeal.keyFiles(secrets).rotate();
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(CommandSeal.keyFiles(secrets).keyIds()).containsExactly(newKey, oldKey);
        DispatchCommand byNewKey = signer().sign(command(), NOW);
        assertThat(byNewKey.getKeyId()).isEqualTo(newKey);
        assertThat(verifier().check(byOldKey, NOW)).as("rotation window: the old key still verifies").isNull();
        assertThat(verifier().check(byNewKey, NOW)).isNull();

        assertThat(CommandSeal.keyFiles(secrets).retire()).containsExactly(oldKey);
        assertThat(verifier().check(byOldKey, NOW)).isEqualTo(CommandSeal.Refusal.UNKNOWN_KEY);
        assertThat(verifier().check(byNewKey, NOW)).isNull();
    }

    @Test
    void givenAKeysetOthersCanRead_whenLoaded_thenRefusedNamingTheFix() throws Exception {
        Path file = CommandSeal.keyFiles(secrets).createIfAbsent();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CommandSeal.Signer.fromFile(file, TTL))
                .hasMessageContaining("chmod 600");
    }
}
