package io.govstream.topology;

import org.apache.kafka.common.acl.AclBinding;

import java.util.List;
import java.util.Objects;

/** A service identity: one SCRAM user with exactly the ACLs its role needs. */
public record PrincipalSpec(String name, String description, List<AclSpec> acls) {

    public PrincipalSpec {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        acls = List.copyOf(acls);
    }

    public List<AclBinding> bindings() {
        return acls.stream().flatMap(acl -> acl.bindings(name).stream()).toList();
    }
}
