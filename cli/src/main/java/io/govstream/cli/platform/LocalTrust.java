package io.govstream.cli.platform;

import io.govstream.schemas.registry.RegistryTrust;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

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
            builder.sslContext(RegistryTrust.trustingPem(caCert));
        }
        return builder.build();
    }

    /** The local CA of a data dir, if {@code govctl up --tls} made one there; else null. */
    public static Path caOf(Path dataDir) {
        Path ca = dataDir.resolve("tls").resolve("ca.crt");
        return Files.isRegularFile(ca) ? ca : null;
    }
}
