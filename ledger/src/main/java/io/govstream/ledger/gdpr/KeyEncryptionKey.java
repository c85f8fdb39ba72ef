package io.govstream.ledger.gdpr;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import io.govstream.secrets.SecretFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The key-encryption key (KEK) that wraps every subject's data key: a Tink AES-256-GCM keyset in
 * cleartext Tink JSON at {@code <data dir>/secrets/ledger-kek.json} (0600). Data keys are only ever
 * stored wrapped, so the keys topic and the streams state hold nothing readable without this file.
 * Production keeps the KEK in a KMS: replace {@link #load} with the KMS's {@link Aead}
 * (e.g. {@code GcpKmsClient}/{@code AwsKmsClient}{@code .getAead(uri)}); nothing else changes.
 */
public final class KeyEncryptionKey {
    public static final String FILE = "secrets/ledger-kek.json";
    private static final String AD_PREFIX = "govstream-ledger-data-key-v1|";

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Aead aead;
    private final String id;

    private KeyEncryptionKey(KeysetHandle keyset, String source) {
        try {
            this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an AEAD keyset: " + e.getMessage(), e);
        }
        this.id = source + ":" + String.format("%08x", keyset.getPrimary().getId());
    }

    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE);
    }

    /** The data dir's KEK, created (0600) on first use. */
    public static KeyEncryptionKey loadOrCreate(Path dataDir) {
        Path file = file(dataDir);
        if (!Files.exists(file)) {
            SecretFiles.createIfAbsent(file, serialize(DataKeys.generate()));
        }
        return load(file);
    }

    /** @throws IllegalArgumentException if others can read the file, or it is not an AEAD keyset */
    public static KeyEncryptionKey load(Path file) {
        try {
            String json = SecretFiles.readString(file);
            return new KeyEncryptionKey(TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get()), "file");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " is not a Tink keyset: " + e.getMessage(), e);
        }
    }

    /** A KEK in memory, for tests. */
    public static KeyEncryptionKey generate() {
        return new KeyEncryptionKey(DataKeys.generate(), "memory");
    }

    /** Which KEK this is ("file:1a2b3c4d"), recorded next to every key it wraps. */
    public String id() {
        return id;
    }

    /** The data key encrypted with this KEK, bound to {@code keyName} so a wrapped key cannot be moved to another subject. */
    public byte[] wrap(String keyName, KeysetHandle dataKey) {
        try {
            return TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey, aead, ad(keyName));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap the data key " + keyName, e);
        }
    }

    /** @throws IllegalArgumentException if the bytes were not wrapped by this KEK for {@code keyName} */
    public KeysetHandle unwrap(String keyName, byte[] wrapped) {
        try {
            return TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, aead, ad(keyName));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot unwrap the data key " + keyName + " with KEK " + id + ": " + e.getMessage(), e);
        }
    }

    private static byte[] ad(String keyName) {
        return (AD_PREFIX + keyName).getBytes(StandardCharsets.UTF_8);
    }

    static String serialize(KeysetHandle handle) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot serialize the keyset", e);
        }
    }
}
