package io.govstream.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Whom a registry client trusts over HTTPS, with Confluent's client setting names:
 * {@code schema.registry.ssl.truststore.location}, {@code schema.registry.ssl.truststore.type}
 * ({@code JKS}, the default as in Confluent's client, {@code PKCS12}, or {@code PEM}: a file of
 * X.509 certificates, such as the CA file of {@code govctl up --tls}) and
 * {@code schema.registry.ssl.truststore.password} (JKS and PKCS12 only). Without a location the
 * JVM's default CAs are trusted. Errors name the setting and the file, never the password.
 */
public final class RegistryTrust {
    public static final String TRUSTSTORE_LOCATION_CONFIG = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_TYPE_CONFIG = "schema.registry.ssl.truststore.type";
    public static final String TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.ssl.truststore.password";

    private RegistryTrust() {
    }

    /** The trust of {@code config}'s truststore settings, or empty (the JVM's default CAs) without a location. */
    public static Optional<SSLContext> fromConfig(Map<String, ?> config) {
        String location = text(config.get(TRUSTSTORE_LOCATION_CONFIG));
        if (location == null) {
            return Optional.empty();
        }
        String type = text(config.get(TRUSTSTORE_TYPE_CONFIG));
        return Optional.of(trusting(Path.of(location), type == null ? "JKS" : type, text(config.get(TRUSTSTORE_PASSWORD_CONFIG)),
                TRUSTSTORE_LOCATION_CONFIG + " "));
    }

    /** A context trusting exactly the X.509 certificates of the PEM file {@code caFile}; errors name the file. */
    public static SSLContext trustingPem(Path caFile) {
        return trusting(caFile, "PEM", null, "the CA file ");
    }

    /**
     * A context trusting exactly the certificates of {@code location}.
     *
     * @param type     {@code PEM}, {@code JKS} or {@code PKCS12}
     * @param password the store's password (JKS, PKCS12), or {@code null}
     * @param named    what errors call the file, before its path: the setting, or "the CA file"
     */
    private static SSLContext trusting(Path location, String type, String password, String named) {
        String kind = type.strip().toUpperCase(Locale.ROOT);
        try (InputStream in = Files.newInputStream(location)) {
            KeyStore trust;
            if (kind.equals("PEM")) {
                trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
                if (certificates.isEmpty()) {
                    throw new IllegalArgumentException(named + location + " holds no PEM certificate");
                }
                int n = 0;
                for (Certificate certificate : certificates) {
                    trust.setCertificateEntry("ca-" + n++, certificate);
                }
            } else if (kind.equals("JKS") || kind.equals("PKCS12")) {
                trust = KeyStore.getInstance(kind);
                trust.load(in, password == null ? null : password.toCharArray());
            } else {
                throw new IllegalArgumentException(TRUSTSTORE_TYPE_CONFIG + " must be PEM, JKS or PKCS12, not " + type);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + named + location + " as " + kind + ": "
                    + e.getMessage() + (kind.equals("PEM") ? "" : " (a PEM CA file needs " + TRUSTSTORE_TYPE_CONFIG + "=PEM)"), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot trust " + named + location + " (" + kind + "): " + e.getMessage(), e);
        }
    }

    private static String text(Object value) {
        return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value).strip();
    }
}
