package io.govstream.topology;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourceType;

/** Checks that span more than one entry of the catalogue; each problem is one readable line. */
final class CatalogueRules {

    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern PRINCIPAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,64}");

    private CatalogueRules() {
    }

    static List<String> check(Catalogue catalogue) {
        List<String> problems = new ArrayList<>();
        checkTopics(catalogue, problems);
        checkRequiredRoles(catalogue, problems);
        checkLedger(catalogue, problems);
        checkPrincipals(catalogue, problems);
        return problems;
    }

    private static void checkTopics(Catalogue catalogue, List<String> problems) {
        Set<String> roles = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (TopicSpec topic : catalogue.topics()) {
            if (!roles.add(topic.role())) {
                problems.add("topic role '" + topic.role() + "' is declared twice");
            }
            if (!names.add(topic.name())) {
                problems.add("topic name '" + topic.name() + "' is declared twice");
            }
            if (!TOPIC_NAME.matcher(topic.name()).matches()) {
                problems.add("topic '" + topic.name() + "' (role " + topic.role()
                        + "): a topic name is 1-249 of the characters a-z A-Z 0-9 . _ -");
            }
            if (topic.partitions() < 1) {
                problems.add("topic '" + topic.name() + "': partitions must be at least 1, was " + topic.partitions());
            }
        }
    }

    private static void checkRequiredRoles(Catalogue catalogue, List<String> problems) {
        for (Topic<?> role : Topics.REQUIRED_ROLES) {
            TopicSpec spec = find(catalogue, role.role());
            if (spec == null) {
                problems.add("no topic has the role '" + role.role() + "', which the platform needs");
            } else if (!java.util.Objects.equals(spec.valueSchema(), role.valueSchema())) {
                problems.add("topic role '" + role.role() + "' declares value-schema " + spec.valueSchema()
                        + ", but the platform reads and writes " + role.valueSchema() + " there");
            }
        }
    }

    /** Invariant 3 of docs/architecture.md, and one chain writer per partition. */
    private static void checkLedger(Catalogue catalogue, List<String> problems) {
        TopicSpec ledger = find(catalogue, Topics.LEDGER.role());
        TopicSpec requests = find(catalogue, Topics.DISPATCH_REQUESTS.role());
        if (ledger == null || requests == null) {
            return;
        }
        if (ledger.partitions() != requests.partitions()) {
            problems.add("ledger topic '" + ledger.name() + "' has " + ledger.partitions() + " partitions but '"
                    + requests.name() + "' has " + requests.partitions()
                    + "; they must match, because each ledger partition's chain is written by the task of the same input partition");
        }
        for (String role : java.util.stream.Stream.of(Topics.APPROVALS, Topics.AXON_REFUSALS, Topics.DEPLOYMENTS).map(Topic::role).toList()) {
            TopicSpec copartitioned = find(catalogue, role);
            if (copartitioned != null && copartitioned.partitions() != requests.partitions()) {
                problems.add(role + " topic '" + copartitioned.name() + "' has " + copartitioned.partitions() + " partitions but '"
                        + requests.name() + "' has " + requests.partitions()
                        + "; they must match, because the streams task of partition p reads partition p of both");
            }
        }
        TopicSpec policies = find(catalogue, Topics.POLICIES.role());
        if (policies != null && policies.partitions() != 1) {
            problems.add("policies topic '" + policies.name() + "' has " + policies.partitions()
                    + " partitions; it must have 1, so every task applies the publications in the one order they were written");
        }
        if (!"-1".equals(ledger.configs().get("retention.ms")) || !"-1".equals(ledger.configs().get("retention.bytes"))) {
            problems.add("ledger topic '" + ledger.name() + "' must never expire: set retention.ms: -1 and retention.bytes: -1");
        }
        if (!"delete".equals(ledger.configs().get("cleanup.policy"))) {
            problems.add("ledger topic '" + ledger.name() + "' must never be compacted: set cleanup.policy: delete");
        }
    }

    private static void checkPrincipals(Catalogue catalogue, List<String> problems) {
        Set<String> names = new HashSet<>();
        for (PrincipalSpec principal : catalogue.principals()) {
            if (!names.add(principal.name())) {
                problems.add("principal '" + principal.name() + "' is declared twice");
            }
            if (!PRINCIPAL_NAME.matcher(principal.name()).matches()) {
                problems.add("principal '" + principal.name() + "': a name is 1-64 of the characters a-z A-Z 0-9 . _ -");
            }
            for (AclSpec acl : principal.acls()) {
                checkAcl(principal, acl, problems);
            }
        }
    }

    private static void checkAcl(PrincipalSpec principal, AclSpec acl, List<String> problems) {
        String yamlKey = acl.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'); // TRANSACTIONAL_ID: "transactional-id"
        String where = "principal '" + principal.name() + "', " + yamlKey + " '" + acl.name() + "'";
        // Least privilege (invariant 7): a wildcard would grant every current and future resource.
        if (acl.name().contains("*")) {
            problems.add(where + ": wildcard resource names are not allowed; name the resource or use pattern: prefixed");
        }
        if (acl.name().isBlank()) {
            problems.add(where + ": the resource name is empty");
        }
        if (acl.kind() == ResourceType.CLUSTER && !Resource.CLUSTER_NAME.equals(acl.name())) {
            problems.add(where + ": the cluster resource is always named '" + Resource.CLUSTER_NAME + "'");
        }
    }

    private static TopicSpec find(Catalogue catalogue, String role) {
        return catalogue.topics().stream().filter(t -> t.role().equals(role)).findFirst().orElse(null);
    }
}
