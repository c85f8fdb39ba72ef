package io.govstream.ledger.gdpr;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.security.GeneralSecurityException;

/** Per-subject data keys: Tink AEAD keysets, AES-256-GCM. */
public final class DataKeys {
    static {
        registerAead();
    }

    private DataKeys() {
    }

    /**
     * Registers Tink's AEAD key types, which generating, parsing and using AEAD keysets needs; done when this class
     * loads, and by {@link KeyEncryptionKey} when it loads.
     *
     * @throws ExceptionInInitializerError if Tink refuses (it fails the initialisation of the class that calls this)
     */
    static void registerAead() {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public static KeysetHandle generate() {
        try {
            return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an AES-256-GCM keyset", e);
        }
    }

    public static Aead aead(KeysetHandle keyset) {
        try {
            return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an AEAD keyset: " + e.getMessage(), e);
        }
    }
}
