package io.govstream.cli.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTP clients for the platform's own endpoints: with {@code govctl up --tls}, Orbit serves HTTPS
 * with a certificate from the data dir's local CA ({@code tls/ca.crt}), which these clients trust
 * (that CA only, not the JVM's default CAs).
 */
public final class LocalTrust {
    private LocalTrust() {
    }

    /** A client that trusts {@code caCert} (PEM) if given, else the JVM's default trust store. */
    public static HttpClient httpClient(Path caCert) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (caCert != null) {
            builder.sslContext(trusting(caCert));
        }
        return builder.build();
    }

    /** The local CA of a data dir, if {@code govctl up --tls} made one there; else null. */
    public static Path caOf(Path dataDir) {
        Path ca = dataDir.resolve("tls").resolve("ca.crt");
        return Files.isRegularFile(ca) ? ca : null;
    }

    static SSLContext trusting(Path caCert) {
        try (InputStream in = Files.newInputStream(caCert)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + n++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA certificate " + caCert, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the CA certificate " + caCert + ": " + e.getMessage(), e);
        }
    }
}
