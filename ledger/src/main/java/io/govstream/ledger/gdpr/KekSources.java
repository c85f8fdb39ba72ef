package io.govstream.ledger.gdpr;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The {@link KekSource}s a process knows, asked in order for a key URI ({@code governance.ledger.kek},
 * {@code govctl}'s KEK). {@link #standard()} knows key files (a path or {@code file://} URI,
 * {@link KeysetFileKek}) and the environment ({@code env://NAME}, {@link EnvironmentKek}).
 *
 * <p><b>A cloud KMS plugs in here.</b> Add its Tink client to the build (tink-java-gcpkms or
 * tink-java-awskms; neither is a dependency today) and register it in {@link #standard()}, e.g.
 * {@code .with(KekSource.kms(new GcpKmsClient().withDefaultCredentials()))}; then a key URI such as
 * {@code gcp-kms://projects/p/locations/l/keyRings/r/cryptoKeys/k} or {@code aws-kms://arn:aws:kms:...}
 * selects a KEK that never leaves the KMS.
 */
public final class KekSources {
    private final List<KekSource> sources;

    private KekSources(List<KekSource> sources) {
        this.sources = List.copyOf(sources);
    }

    /** Key files and the process environment. */
    public static KekSources standard() {
        return new KekSources(List.of(new KeysetFileKek(), new EnvironmentKek()));
    }

    /** These sources and {@code source}, asked first. */
    public KekSources with(KekSource source) {
        return new KekSources(Stream.concat(Stream.of(Objects.requireNonNull(source, "source")), sources.stream()).toList());
    }

    /**
     * The KEK at {@code keyUri}.
     *
     * @throws IllegalArgumentException if no source reads that URI, or there is no usable key there
     */
    public KeyEncryptionKey load(String keyUri) {
        Objects.requireNonNull(keyUri, "keyUri");
        KekSource source = sources.stream().filter(s -> s.doesSupport(keyUri)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no source of key-encryption keys reads '" + keyUri + "': this build reads a key file (a path or file:// URI) and "
                        + "env://NAME; a cloud KMS needs its Tink client registered in KekSources (docs/security.md)"));
        return source.get(keyUri);
    }
}
