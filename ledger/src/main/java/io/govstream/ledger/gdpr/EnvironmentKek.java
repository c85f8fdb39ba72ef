package io.govstream.ledger.gdpr;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A KEK given in an environment variable, for platforms whose secrets arrive that way (a Kubernetes
 * Secret as an env var): key URI {@code env://NAME}, the variable holding the Tink AES-256-GCM keyset
 * as cleartext Tink JSON, or the base64 of that JSON or of the binary keyset. Nothing is written to
 * disk.
 */
public final class EnvironmentKek implements KekSource {
    /** The scheme of its key URIs. */
    public static final String SCHEME = "env://";
    /** The variable govctl and the shipped deployments use. */
    public static final String DEFAULT_VARIABLE = "GOVSTREAM_KEK";
    /** The key URI of {@value #DEFAULT_VARIABLE}. */
    public static final String DEFAULT_URI = SCHEME + DEFAULT_VARIABLE;

    private final UnaryOperator<String> environment;

    /** Reads the process environment. */
    public EnvironmentKek() {
        this(System::getenv);
    }

    /** Reads {@code environment} (name → value, null when unset). */
    public EnvironmentKek(UnaryOperator<String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public boolean doesSupport(String keyUri) {
        return keyUri.startsWith(SCHEME);
    }

    @Override
    public KeyEncryptionKey get(String keyUri) {
        String name = keyUri.substring(SCHEME.length());
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("'" + keyUri + "' does not name an environment variable (env://NAME)");
        }
        String value = environment.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the environment variable " + name + " (" + keyUri + ") is not set");
        }
        return KeyEncryptionKey.of(parse(value.strip(), name), "env");
    }

    private static KeysetHandle parse(String value, String name) {
        try {
            if (value.startsWith("{")) {
                return TinkJsonProtoKeysetFormat.parseKeyset(value, InsecureSecretKeyAccess.get());
            }
            byte[] bytes = decode(value, name);
            String text = new String(bytes, StandardCharsets.UTF_8).strip();
            return text.startsWith("{")
                    ? TinkJsonProtoKeysetFormat.parseKeyset(text, InsecureSecretKeyAccess.get())
                    : TinkProtoKeysetFormat.parseKeyset(bytes, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the environment variable " + name + " holds no Tink keyset: " + e.getMessage(), e);
        }
    }

    private static byte[] decode(String value, String name) {
        String compact = value.replaceAll("\\s", "");
        boolean urlSafe = compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0;
        try {
            return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(compact);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the environment variable " + name
                    + " holds neither a Tink keyset in JSON nor its base64", e);
        }
    }
}
