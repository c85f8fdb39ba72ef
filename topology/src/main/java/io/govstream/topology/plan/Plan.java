package io.govstream.topology.plan;

import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * The ordered changes that make a cluster match the catalogue, plus anything that cannot be
 * changed automatically (errors). A plan with errors is shown but never applied.
 *
 * @param brokers the brokers the cluster had when planned
 * @param topics  the catalogue's topics the cluster has, one line each: partitions, replicas and in-sync minimum as they are
 */
public record Plan(List<Action> actions, List<String> errors, int brokers, List<String> topics) {

    public Plan {
        topics = List.copyOf(topics);
        // Stable sort: within a phase, the planners' order (topics, users, ACLs) is kept.
        actions = actions.stream().sorted(Comparator.comparing(Action::phase)).toList();
        errors = List.copyOf(errors);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** True when the cluster already matches the catalogue. */
    public boolean isEmpty() {
        return actions.isEmpty() && errors.isEmpty();
    }

    /** The dry-run output: errors first ({@code !}), then one line per action. */
    public List<String> describe() {
        return Stream.concat(errors.stream().map(e -> "! " + e), actions.stream().map(Action::describe)).toList();
    }

    /**
     * Applies the actions in order and stops at the first failure (a run of ACL creations is one
     * request: those of it the cluster accepted count as applied).
     *
     * @throws IllegalStateException if the plan has errors; nothing is applied then
     * @throws ApplyException        if an action fails; it carries what had been applied
     */
    public ApplyReport apply(Admin admin) {
        if (hasErrors()) {
            throw new IllegalStateException("The plan has errors, nothing was applied:\n  ! " + String.join("\n  ! ", errors));
        }
        long start = System.nanoTime();
        List<String> applied = new ArrayList<>();
        for (int i = 0; i < actions.size(); ) {
            Action action = actions.get(i);
            if (action instanceof CreateAcl) {
                // A run of ACLs goes in one request: the controller commits them together instead of one round
                // trip each (a fresh platform creates about ninety).
                List<CreateAcl> run = new ArrayList<>();
                while (i < actions.size() && actions.get(i) instanceof CreateAcl acl) {
                    run.add(acl);
                    i++;
                }
                createAcls(admin, run, applied, start);
                continue;
            }
            try {
                action.apply(admin);
            } catch (ExecutionException e) {
                throw new ApplyException(action.describe(), report(applied, start), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApplyException(action.describe(), report(applied, start), e);
            }
            applied.add(action.describe());
            i++;
        }
        return report(applied, start);
    }

    /** Creates the ACLs in one request; every one created counts as applied, the first refused one fails the apply. */
    private static void createAcls(Admin admin, List<CreateAcl> run, List<String> applied, long start) {
        Map<AclBinding, KafkaFuture<Void>> results = admin.createAcls(run.stream().map(CreateAcl::binding).toList()).values();
        CreateAcl failed = null;
        Throwable failure = null;
        for (CreateAcl acl : run) {
            try {
                results.get(acl.binding()).get();
                applied.add(acl.describe());
            } catch (ExecutionException e) {
                if (failed == null) {
                    failed = acl;
                    failure = e.getCause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApplyException(acl.describe(), report(applied, start), e);
            }
        }
        if (failed != null) {
            throw new ApplyException(failed.describe(), report(applied, start), failure);
        }
    }

    private static ApplyReport report(List<String> applied, long start) {
        return new ApplyReport(applied, Duration.ofNanos(System.nanoTime() - start));
    }
}
