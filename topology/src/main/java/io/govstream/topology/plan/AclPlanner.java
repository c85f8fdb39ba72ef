package io.govstream.topology.plan;

import io.govstream.topology.Catalogue;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/** ACLs: add what the catalogue grants; remove what it does not, only when deletes are allowed. */
final class AclPlanner {

    private AclPlanner() {
    }

    static void plan(Admin admin, Catalogue catalogue, boolean allowDeletes, PlanBuilder plan)
            throws ExecutionException, InterruptedException {
        Collection<AclBinding> existing = admin.describeAcls(AclBindingFilter.ANY).values().get();
        Set<AclBinding> current = new HashSet<>(existing);
        Set<AclBinding> wanted = new LinkedHashSet<>(catalogue.aclBindings());
        wanted.stream().filter(binding -> !current.contains(binding)).forEach(binding -> plan.add(new CreateAcl(binding)));
        if (allowDeletes) {
            existing.stream().filter(binding -> !wanted.contains(binding)).forEach(binding -> plan.add(new DeleteAcl(binding)));
        }
    }
}
