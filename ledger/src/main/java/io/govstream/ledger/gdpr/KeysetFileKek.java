package io.govstream.ledger.gdpr;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import io.govstream.secrets.SecretFiles;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * A KEK in a local file: a Tink AES-256-GCM keyset in cleartext Tink JSON, a secret file (mode
 * 0600, refused on every load when others may read it). Its key URI is a {@code file://} URI or a
 * plain path. Keep the file apart from the data it protects: a backup or copy holding both defeats
 * erasure.
 */
public final class KeysetFileKek implements KekSource {
    /** The scheme of its key URIs; a URI without any scheme is taken as a path too. */
    public static final String SCHEME = "file://";

    /** The key URI of a KEK file. */
    public static String uri(Path file) {
        return file.toAbsolutePath().normalize().toUri().toString();
    }

    /** The file a key URI names. */
    public static Path path(String keyUri) {
        return keyUri.startsWith(SCHEME) ? Path.of(URI.create(keyUri)) : Path.of(keyUri);
    }

    /** Creates a new KEK file (0600) unless one exists; true if this call created it. */
    public static boolean create(Path file) {
        return SecretFiles.createIfAbsent(file, KeyEncryptionKey.newKeysetJson());
    }

    /** The KEK in {@code file}. */
    public static KeyEncryptionKey load(Path file) {
        try {
            return KeyEncryptionKey.of(TinkJsonProtoKeysetFormat.parseKeyset(SecretFiles.readString(file), InsecureSecretKeyAccess.get()),
                    "file");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " is not a Tink keyset: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean doesSupport(String keyUri) {
        return keyUri.startsWith(SCHEME) || !keyUri.contains("://");
    }

    @Override
    public KeyEncryptionKey get(String keyUri) {
        return load(path(keyUri));
    }
}
