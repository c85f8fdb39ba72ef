package io.govstream.cli.platform;

import io.govstream.cli.client.PlatformException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts one govstream service in its own Micronaut context inside this JVM. Each service's
 * beans are guarded by its environment name, so contexts do not see each other's beans.
 */
public final class ServiceRunner {
    private ServiceRunner() {
    }

    /** Starts the service with its HTTP port on {@code host} (an address of this machine; 0.0.0.0: every interface). */
    public static EmbeddedServer start(String environment, String host, int port, Map<String, Object> kafka, Map<String, Object> more) {
        Map<String, Object> properties = properties(host, port, kafka, more);
        ApplicationContext context = ApplicationContext.builder()
                .environments("govstream", environment)
                .deduceEnvironment(false)
                .properties(properties)
                .start();
        try {
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            server.start();
            return server;
        } catch (RuntimeException e) {
            context.close();
            throw new PlatformException("could not start " + environment + " on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** A service's settings: {@code more}, its HTTP address, and its Kafka client settings under {@code kafka.}. */
    static Map<String, Object> properties(String host, int port, Map<String, Object> kafka, Map<String, Object> more) {
        Map<String, Object> properties = new HashMap<>(more);
        properties.put("micronaut.server.host", host);
        properties.put("micronaut.server.port", port);
        kafka.forEach((k, v) -> properties.put("kafka." + k, v));
        return properties;
    }
}
