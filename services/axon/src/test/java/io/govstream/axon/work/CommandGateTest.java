package io.govstream.axon.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.DispatchCommand;
import io.govstream.events.Envelope;
import io.govstream.runtime.commands.CommandSeal;
import io.govstream.runtime.commands.CommandSeal.Refusal;
import io.govstream.runtime.commands.NonceStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandGateTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @TempDir
    Path secrets;
    private CommandSeal.Signer signer;
    private CommandGate gate;

    @BeforeEach
    void keys() {
        signer = CommandSeal.Signer.fromFile(CommandSeal.keyFiles(secrets).createIfAbsent(), Duration.ofMinutes(10));
        gate = new CommandGate(CommandSeal.keyFiles(secrets).publicFile(), new NonceStore(), new NonceStore(), "axon");
    }

    private static DispatchCommand command(String id) {
        return DispatchCommand.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId(id).setCorrelationId("corr-" + id).setCausationId("d")
                        .setTenant("acme").setOccurredAt(NOW).setProducer("governance-streams").build())
                .setCommandId(id).setDecisionEventId("d-" + id).setTarget("axon").setIntent("reason")
                .setSubject("alice").setPayload("{}").build();
    }

    @Test
    void givenASignedCommand_whenAdmitted_thenItPasses_andTheSameCommandAgainIsAReplay() {
        DispatchCommand signed = signer.sign(command("c1"), NOW);
        assertThat(gate.admit(signed, NOW)).isNull();
        assertThat(gate.admit(signed, NOW.plusSeconds(1))).isEqualTo(Refusal.REPLAYED);
    }

    @Test
    void givenTheSameCommandIdSignedAgainWithANewNonce_whenAdmitted_thenStillAReplay() {
        assertThat(gate.admit(signer.sign(command("c1"), NOW), NOW)).isNull();
        assertThat(gate.admit(signer.sign(command("c1"), NOW), NOW)).isEqualTo(Refusal.REPLAYED);
    }

    @Test
    void givenUnsignedTamperedOrExpired_whenAdmitted_thenRefusedWithTheReason_andTheRealCommandStillPasses() {
        DispatchCommand signed = signer.sign(command("c2"), NOW);
        assertThat(gate.admit(command("c2"), NOW)).isEqualTo(Refusal.UNSIGNED);
        assertThat(gate.admit(DispatchCommand.newBuilder(signed).setIntent("delete-everything").build(), NOW))
                .isEqualTo(Refusal.TAMPERED);
        assertThat(gate.admit(signed, NOW.plus(Duration.ofMinutes(11)))).isEqualTo(Refusal.EXPIRED);
        assertThat(gate.admit(signed, NOW)).as("refusals did not mark the command as seen").isNull();
    }

    @Test
    void givenASignedCommandForAnotherTarget_whenAdmitted_thenMisaddressed_andItIsNotMarkedAsSeen() {
        DispatchCommand forBilling = signer.sign(DispatchCommand.newBuilder(command("c7")).setTarget("billing").build(), NOW);
        CommandGate billing = new CommandGate(CommandSeal.keyFiles(secrets).publicFile(), new NonceStore(), new NonceStore(), "billing");

        assertThat(gate.admit(forBilling, NOW)).isEqualTo(Refusal.MISADDRESSED);
        assertThat(billing.admit(forBilling, NOW)).as("the worker it is addressed to still does it").isNull();
    }

    @Test
    void givenAKeyRotatedInAfterStart_whenACommandSignedByItArrives_thenTheGateReloadsAndAdmitsIt() {
        CommandSeal.keyFiles(secrets).rotate();
        CommandSeal.Signer rotated = CommandSeal.Signer.fromFile(CommandSeal.keyFiles(secrets).privateFile(), Duration.ofMinutes(10));
        assertThat(gate.admit(rotated.sign(command("c3"), NOW), NOW)).isNull();
    }

    @Test
    void givenARetiredKey_whenACommandSignedByItArrives_thenUnknownKey() {
        DispatchCommand byOld = signer.sign(command("c4"), NOW);
        CommandSeal.keyFiles(secrets).rotate();
        CommandSeal.keyFiles(secrets).retire();
        CommandGate fresh = new CommandGate(CommandSeal.keyFiles(secrets).publicFile(), new NonceStore(), new NonceStore(), "axon");
        assertThat(fresh.admit(byOld, NOW)).isEqualTo(Refusal.UNKNOWN_KEY);
    }

    @Test
    void givenAnAbortedTransaction_whenTheCommandIsRedelivered_thenItIsDoneThen() {
        DispatchCommand signed = signer.sign(command("c5"), NOW);
        assertThat(gate.admit(signed, NOW)).isNull();
        gate.forget(signed);
        assertThat(gate.admit(signed, NOW)).isNull();
    }

    /** The worker's done ids were the 100,000 most recent, whatever their commands' expiry: this replay passed. */
    @Test
    void givenMoreCommandsDoneWithinTheTtlThanTheWorkerRemembered_whenTheFirstIsReplayedAfterARestart_thenItIsAReplay() {
        // After a restart the nonces are gone, and the done ids come back from the results (DoneCommands); here by hand.
        NonceStore done = new NonceStore();
        DispatchCommand first = signer.sign(command("first"), NOW);
        done.firstTime(first.getCommandId(), first.getExpiresAt(), NOW);
        for (int n = 0; n < 150_000; n++) {
            done.firstTime("later-" + n, first.getExpiresAt().plusSeconds(1), NOW);
        }
        CommandGate restarted = new CommandGate(CommandSeal.keyFiles(secrets).publicFile(), done, new NonceStore(), "axon");

        assertThat(restarted.admit(first, NOW.plusSeconds(60))).as("done a minute ago, within its TTL").isEqualTo(Refusal.REPLAYED);
    }

    @Test
    void givenNoVerifyKey_whenAnyCommandArrives_thenRefused() {
        CommandGate keyless = new CommandGate(null, new NonceStore(), new NonceStore(), "axon");
        assertThat(keyless.admit(signer.sign(command("c6"), NOW), NOW)).isEqualTo(Refusal.UNKNOWN_KEY);
        assertThat(keyless.admit(command("c6"), NOW)).isEqualTo(Refusal.UNSIGNED);
    }
}
