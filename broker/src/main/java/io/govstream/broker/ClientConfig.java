package io.govstream.broker;

import java.util.Map;

/** Client properties for a principal on the broker's SASL_PLAINTEXT/SCRAM listener. */
final class ClientConfig {

    private ClientConfig() {
    }

    static Map<String, Object> forPrincipal(BrokerSettings settings, String bootstrapServers, String username, String password) {
        if (!settings.tls()) {
            return Map.of(
                    "bootstrap.servers", bootstrapServers,
                    "security.protocol", "SASL_PLAINTEXT",
                    "sasl.mechanism", Sasl.SCRAM,
                    "sasl.jaas.config", Sasl.scramLogin(username, password));
        }
        return Map.of(
                "bootstrap.servers", bootstrapServers,
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", Sasl.SCRAM,
                "sasl.jaas.config", Sasl.scramLogin(username, password),
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", settings.tlsDir().resolve(LocalCertificates.CA_CERT).toString());
    }
}
