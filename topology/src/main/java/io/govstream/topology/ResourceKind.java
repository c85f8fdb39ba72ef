package io.govstream.topology;

import org.apache.kafka.common.resource.ResourceType;

/** The Kafka resource types the catalogue grants access to. */
public enum ResourceKind {
    TOPIC(ResourceType.TOPIC, "topic"),
    GROUP(ResourceType.GROUP, "group"),
    TRANSACTIONAL_ID(ResourceType.TRANSACTIONAL_ID, "transactional-id"),
    CLUSTER(ResourceType.CLUSTER, "cluster");

    /** Kafka's only valid name for the cluster resource. */
    public static final String CLUSTER_NAME = "kafka-cluster";

    private final ResourceType kafkaType;
    private final String yamlKey;

    ResourceKind(ResourceType kafkaType, String yamlKey) {
        this.kafkaType = kafkaType;
        this.yamlKey = yamlKey;
    }

    public ResourceType kafkaType() {
        return kafkaType;
    }

    /** The key that names this kind of resource in catalogue.yaml. */
    public String yamlKey() {
        return yamlKey;
    }
}
