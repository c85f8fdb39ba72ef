package io.govstream.topology;

import org.apache.kafka.common.acl.AclBinding;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The platform's topics, principals and state-store changelog profiles, as declared in catalogue.yaml. Immutable.
 *
 * @param changelogs topic configs by profile for the changelogs of state stores (Kafka Streams creates and names those
 *                   topics; the stores are built with these configs)
 */
public record Catalogue(List<TopicSpec> topics, List<PrincipalSpec> principals, Map<String, Map<String, String>> changelogs) {

    /** Where the default catalogue lives on the classpath. */
    public static final String RESOURCE = "io/govstream/topology/catalogue.yaml";

    public Catalogue {
        topics = List.copyOf(topics);
        principals = List.copyOf(principals);
        changelogs = Map.copyOf(changelogs);
    }

    /** @throws IllegalArgumentException naming the profile if the catalogue does not declare it */
    public Map<String, String> changelog(String profile) {
        Map<String, String> configs = changelogs.get(profile);
        if (configs == null) {
            throw new IllegalArgumentException("No changelog profile '" + profile + "' in the catalogue; profiles are: "
                    + changelogs.keySet());
        }
        return configs;
    }

    /** The catalogue shipped with the platform. */
    public static Catalogue load() {
        return CatalogueLoader.fromClasspath(RESOURCE);
    }

    /** A catalogue from a file, e.g. one edited for a particular cluster. */
    public static Catalogue load(Path yamlFile) {
        return CatalogueLoader.fromFile(yamlFile);
    }

    /** @throws IllegalArgumentException naming the role if no topic has it */
    public TopicSpec topic(String role) {
        return topics.stream()
                .filter(t -> t.role().equals(role))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No topic with role '" + role + "' in the catalogue; roles are: "
                        + topics.stream().map(TopicSpec::role).collect(Collectors.joining(", "))));
    }

    /** @throws IllegalArgumentException naming the role if no topic has it */
    public TopicSpec topic(Topic<?> role) {
        return topic(role.role());
    }

    /** Every ACL binding the catalogue grants. */
    public List<AclBinding> aclBindings() {
        return principals.stream().flatMap(p -> p.bindings().stream()).toList();
    }
}
