package io.govstream.ledger.checkpoint;

import io.govstream.secrets.SigningKeyFiles;
import java.nio.file.Path;

/**
 * Where the ledger's checkpoint signing key lives for the embedded platform and tests: an Ed25519
 * Tink keyset in cleartext JSON at {@code <data dir>/secrets/ledger-signing.json} (mode 0600,
 * directory 0700) and its public keyset at {@code <data dir>/ledger-signing.pub.json}, which is
 * what auditors get. The files are kept by {@link SigningKeyFiles}, as every signing key of the
 * platform is. Production keeps the private keyset wrapped by a KMS key
 * ({@code TinkJsonProtoKeysetFormat.parseEncryptedKeyset} with the KMS's {@code Aead}) or signs in
 * the KMS; only this class changes.
 */
public final class SigningKeys {
    public static final String PRIVATE_FILE = "secrets/ledger-signing.json";
    public static final String PUBLIC_FILE = "ledger-signing.pub.json";

    private SigningKeys() {
    }

    public static Path privateKeyFile(Path dataDir) {
        return dataDir.resolve(PRIVATE_FILE);
    }

    public static Path publicKeyFile(Path dataDir) {
        return dataDir.resolve(PUBLIC_FILE);
    }

    /** The data dir's signer, generating and writing a new key pair on first use. */
    public static CheckpointSigner loadOrCreate(Path dataDir) {
        SigningKeyFiles files = new SigningKeyFiles(privateKeyFile(dataDir), publicKeyFile(dataDir));
        files.createIfAbsent();
        return CheckpointSigner.of(files.loadPrivate());
    }

    /**
     * @throws IllegalStateException    if others may read the private keyset (it must be 0600, as written)
     * @throws IllegalArgumentException if it is not a Tink signing keyset
     */
    public static CheckpointSigner signer(Path privateKeysetFile) {
        return CheckpointSigner.of(SigningKeyFiles.parsePrivate(privateKeysetFile));
    }

    /** A verifier from a public keyset JSON file, e.g. {@code ledger-signing.pub.json}. */
    public static CheckpointVerifier verifier(Path publicKeysetFile) {
        return CheckpointVerifier.of(SigningKeyFiles.parsePublic(publicKeysetFile));
    }
}
