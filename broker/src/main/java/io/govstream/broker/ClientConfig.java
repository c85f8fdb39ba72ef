package io.govstream.broker;

import java.util.HashMap;
import java.util.Map;

/** Client properties for a principal on the broker's SASL_PLAINTEXT/SCRAM listener. */
final class ClientConfig {

    private ClientConfig() {
    }

    static Map<String, Object> forPrincipal(BrokerSettings settings, String bootstrapServers, String username, String password) {
        Map<String, Object> props = new HashMap<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "security.protocol", settings.tls() ? "SASL_SSL" : "SASL_PLAINTEXT",
                "sasl.mechanism", Sasl.SCRAM,
                "sasl.jaas.config", Sasl.scramLogin(username, password)));
        if (settings.tls()) {
            props.put("ssl.truststore.type", "PEM");
            props.put("ssl.truststore.location", settings.tlsDir().resolve(LocalCertificates.CA_CERT).toString());
        }
        return Map.copyOf(props);
    }
}
