package io.govstream.bench.jmh;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.google.crypto.tink.signature.SignatureConfig;
import io.govstream.events.DispatchCommand;
import io.govstream.events.Envelope;
import io.govstream.runtime.commands.CommandSeal;
import io.govstream.runtime.commands.Ed25519Signing;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * µs per signature of a permitted command's canonical bytes (what governance-streams signs for
 * every permitted request), with the shipped key template (Ed25519, Tink output prefix): Tink's
 * primitive, which signed commands before, against {@link Ed25519Signing} (BouncyCastle), which
 * signs them now. Both give the same bytes (Ed25519SigningTest).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CommandSigningBenchmark {
    private PublicKeySign tink;
    private PublicKeySign bouncyCastle;
    private byte[] canonical;

    @Setup
    public void setUp() throws Exception {
        SignatureConfig.register();
        KeysetHandle keyset = KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
        tink = keyset.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
        bouncyCastle = Ed25519Signing.of(keyset);
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        String id = "9b2f6c4e-1d7a-4c1b-8f0e-3a5d2c7b9e10";
        DispatchCommand command = DispatchCommand.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId(id).setCorrelationId(id).setCausationId("decision-" + id)
                        .setTenant("tenant-3").setOccurredAt(now).setProducer("governance-streams").build())
                .setCommandId(id).setDecisionEventId("decision-" + id).setTarget("axon").setIntent("reason")
                .setSubject("user-417").setPayload("{\"n\":41700}").setKeyId("cmd-1234567890").setExpiresAt(now.plusSeconds(3600))
                .setNonce("f3b1c2d4e5f60718293a4b5c6d7e8f90").build();
        canonical = CommandSeal.canonicalBytes(command);
    }

    @Benchmark
    public byte[] tink() throws Exception {
        return tink.sign(canonical);
    }

    @Benchmark
    public byte[] bouncyCastle() throws Exception {
        return bouncyCastle.sign(canonical);
    }
}
