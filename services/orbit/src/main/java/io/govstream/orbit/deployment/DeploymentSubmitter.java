package io.govstream.orbit.deployment;

import io.govstream.orbit.OrbitSettings;
import io.govstream.orbit.SealedPublisher;
import io.govstream.events.deployment.DeploymentEvent;
import io.govstream.runtime.KafkaClientSettings;
import io.govstream.schemas.registry.SchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Publishes deployment events to the deployments topic, keyed by service (the gate's partitioning). */
@Singleton
public class DeploymentSubmitter implements AutoCloseable {
    private final SealedPublisher<DeploymentEvent> publisher;

    /** @param settings with Orbit's private seal keyset (as for votes): the gate counts only sealed events. Empty: none counts. */
    public DeploymentSubmitter(KafkaClientSettings kafka, SchemaRegistryClient registry, Topics topics,
                               OrbitSettings settings) {
        this.publisher = new SealedPublisher<>(kafka, AvroSerde.forValue(DeploymentEvent.class, registry).serializer(),
                topics.deployments(), settings, Map.of(ProducerConfig.CLIENT_ID_CONFIG, "orbit-deployments"),
                DeploymentSubmitter.class, "deployment events go out unsealed and the gate will not count them");
    }

    /** Sends and waits until the broker has it. */
    public void submit(String service, String correlationId, String traceparent, DeploymentEvent event) {
        publisher.publish(service, correlationId, traceparent, event, "a deployment event of " + service);
    }

    @PreDestroy
    @Override
    public void close() {
        publisher.close();
    }
}
