package io.govstream.topology.plan;

import io.govstream.topology.Catalogue;
import io.govstream.topology.PrincipalSpec;
import io.govstream.topology.secrets.SecretStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Compares a cluster with the catalogue and plans the changes that make them match.
 * Planning only reads from the cluster; {@link Plan#apply(Admin)} changes it.
 */
public final class TopologyPlanner {

    private TopologyPlanner() {
    }

    /** A plan that creates and updates, and deletes nothing. */
    public static Plan plan(Admin admin, Catalogue catalogue, SecretStore secrets) {
        return plan(admin, catalogue, secrets, false);
    }

    /**
     * @param allowDeletes also remove ACLs the catalogue does not grant. Topics are never deleted:
     *                     Kafka Streams' internal topics and other teams' topics are not in the catalogue.
     */
    public static Plan plan(Admin admin, Catalogue catalogue, SecretStore secrets, boolean allowDeletes) {
        PlanBuilder plan = new PlanBuilder();
        try {
            TopicPlanner.plan(admin, catalogue, plan);
            planScramUsers(admin, catalogue, secrets, plan);
            planAcls(admin, catalogue, allowDeletes, plan);
        } catch (ExecutionException e) {
            throw new TopologyException("Cannot read the cluster's topology: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopologyException("Interrupted while reading the cluster's topology", e);
        }
        return plan.build();
    }

    /**
     * SCRAM users: one per principal. A user that already has a SCRAM-SHA-512 credential is left
     * alone, so re-applying never rotates a password that running services still use.
     */
    private static void planScramUsers(Admin admin, Catalogue catalogue, SecretStore secrets, PlanBuilder plan)
            throws ExecutionException, InterruptedException {
        Map<String, UserScramCredentialsDescription> users = admin.describeUserScramCredentials().all().get();
        for (PrincipalSpec principal : catalogue.principals()) {
            if (!CreateScramUser.hasCredential(users.get(principal.name()))) {
                plan.add(new CreateScramUser(principal.name(), secrets));
            }
        }
    }

    /** ACLs: add what the catalogue grants; remove what it does not, only when deletes are allowed. */
    private static void planAcls(Admin admin, Catalogue catalogue, boolean allowDeletes, PlanBuilder plan)
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
