package io.govstream.topology.plan;

import io.govstream.topology.Catalogue;
import io.govstream.topology.secrets.SecretStore;
import org.apache.kafka.clients.admin.Admin;

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
            ScramUserPlanner.plan(admin, catalogue, secrets, plan);
            AclPlanner.plan(admin, catalogue, allowDeletes, plan);
        } catch (ExecutionException e) {
            throw new TopologyException("Cannot read the cluster's topology: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopologyException("Interrupted while reading the cluster's topology", e);
        }
        return plan.build();
    }
}
