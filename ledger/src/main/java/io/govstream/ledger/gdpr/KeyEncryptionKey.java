package io.govstream.ledger.gdpr;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The key-encryption key (KEK) that wraps every subject's data key. Data keys are only ever stored
 * wrapped, so the keys topic and the streams state hold nothing readable without it. Where it comes
 * from is a {@link KekSource}'s business (a keyset file, the environment, a KMS): here it is an
 * {@link Aead} and an id.
 */
public final class KeyEncryptionKey {
    private static final String AD_PREFIX = "govstream-ledger-data-key-v1|";
    private static final byte[] CHECK_TEXT = "govstream-kek-check-v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CHECK_AD = "govstream-kek-check".getBytes(StandardCharsets.UTF_8);

    static {
        DataKeys.registerAead();
    }

    private final Aead aead;
    private final String id;

    private KeyEncryptionKey(Aead aead, String id) {
        this.aead = Objects.requireNonNull(aead, "aead");
        this.id = Objects.requireNonNull(id, "id");
    }

    /** A KEK held elsewhere (a KMS), which {@code aead} calls; {@code id} names it (the key URI). */
    public static KeyEncryptionKey of(Aead aead, String id) {
        return new KeyEncryptionKey(aead, id);
    }

    /** A KEK from a Tink AEAD keyset; its id is {@code <source>:<primary key id in hex>}. */
    public static KeyEncryptionKey of(KeysetHandle keyset, String source) {
        return new KeyEncryptionKey(DataKeys.aead(keyset), source + ":" + String.format("%08x", keyset.getPrimary().getId()));
    }

    /** A new KEK keyset (AES-256-GCM) as cleartext Tink JSON, for a key file. */
    public static String newKeysetJson() {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(DataKeys.generate(), InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot serialize the keyset", e);
        }
    }

    /** Which KEK this is ("file:1a2b3c4d", or a KMS key URI), recorded next to every key it wraps. */
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

    /**
     * A check value: a fixed text encrypted with this KEK (base64). It reveals nothing of the key, and
     * {@link #opens} tells later whether a KEK is this one, wherever it is kept.
     */
    public String checkValue() {
        try {
            return Base64.getEncoder().encodeToString(aead.encrypt(CHECK_TEXT, CHECK_AD));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt with the KEK " + id, e);
        }
    }

    /** Whether this KEK decrypts {@code checkValue}, i.e. is the KEK that made it. */
    public boolean opens(String checkValue) {
        try {
            return Arrays.equals(CHECK_TEXT, aead.decrypt(Base64.getDecoder().decode(checkValue), CHECK_AD));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether {@code other} is the same key: it opens this KEK's check value. */
    public boolean sameKeyAs(KeyEncryptionKey other) {
        return other.opens(checkValue());
    }

    private static byte[] ad(String keyName) {
        return (AD_PREFIX + keyName).getBytes(StandardCharsets.UTF_8);
    }
}
