package io.govstream.ledger.gdpr;

import com.google.crypto.tink.KmsClient;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * Where a key-encryption key comes from, by key URI: the shape of Tink's {@link KmsClient} (key URI →
 * {@code Aead}), returning the {@link KeyEncryptionKey} that wraps the ledger's data keys.
 * {@link KekSources} holds the ones a process knows: {@link KeysetFileKek} (a file path or
 * {@code file://} URI) and {@link EnvironmentKek} ({@code env://NAME}); {@link #kms} turns any Tink
 * KMS client into one.
 */
public interface KekSource {

    /** Whether this source reads {@code keyUri}. */
    boolean doesSupport(String keyUri);

    /**
     * The KEK at {@code keyUri}.
     *
     * @throws IllegalArgumentException if there is no usable key there (the message says why)
     * @throws IllegalStateException    if a key file others may read is refused
     */
    KeyEncryptionKey get(String keyUri);

    /**
     * A Tink KMS client as a source (e.g. {@code GcpKmsClient} for {@code gcp-kms://} URIs from
     * tink-java-gcpkms, {@code AwsKmsClient} for {@code aws-kms://} from tink-java-awskms): the KEK
     * stays in the KMS, every wrap and unwrap is a call to it, and the key URI is its id.
     */
    static KekSource kms(KmsClient client) {
        Objects.requireNonNull(client, "client");
        return new KekSource() {
            @Override
            public boolean doesSupport(String keyUri) {
                return client.doesSupport(keyUri);
            }

            @Override
            public KeyEncryptionKey get(String keyUri) {
                try {
                    return KeyEncryptionKey.of(client.getAead(keyUri), keyUri);
                } catch (GeneralSecurityException e) {
                    throw new IllegalArgumentException("the KMS does not give the key " + keyUri + ": " + e.getMessage(), e);
                }
            }
        };
    }
}
