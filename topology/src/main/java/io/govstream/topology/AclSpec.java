package io.govstream.topology;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Operations a principal may perform on one resource (or family of resources, if prefixed).
 *
 * @param kind    what the catalogue grants access to: a topic, group, transactional id or the cluster
 * @param pattern {@link PatternType#LITERAL} names, or {@link PatternType#PREFIXED} for families of names (Streams
 *                internal topics, transactional ids)
 */
public record AclSpec(ResourceType kind, String name, PatternType pattern, Set<AclOperation> operations) {

    public AclSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pattern, "pattern");
        operations = operations.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(operations));
    }

    /** One ALLOW binding per operation, from any host. */
    public List<AclBinding> bindings(String principalName) {
        ResourcePattern resource = new ResourcePattern(kind, name, pattern);
        return operations.stream()
                .map(op -> new AclBinding(resource,
                        new AccessControlEntry("User:" + principalName, "*", op, AclPermissionType.ALLOW)))
                .toList();
    }
}
