package io.govstream.topology;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads catalogue.yaml into a {@link Catalogue} and checks it with {@link CatalogueRules}. */
final class CatalogueLoader {

    private static final Set<String> ROOT_KEYS = Set.of("defaults", "topics", "principals", "changelogs");
    private static final Set<String> TOPIC_KEYS = Set.of("role", "name", "partitions", "replicas", "min-insync-replicas",
            "configs", "value-schema", "erasure");
    private static final Set<String> PRINCIPAL_KEYS = Set.of("name", "description", "acls");
    private static final Set<String> ACL_KEYS = Set.of("topic-role", "topic", "group", "transactional-id", "cluster",
            "pattern", "operations");
    private static final Set<String> RESOURCE_KEYS = Set.of("topic-role", "topic", "group", "transactional-id", "cluster");

    private CatalogueLoader() {
    }

    static Catalogue fromClasspath(String resource) {
        String source = "classpath:" + resource;
        try (InputStream in = CatalogueLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new CatalogueException(source, "not found on the classpath");
            }
            return parse(source, new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + source, e);
        }
    }

    static Catalogue fromFile(Path file) {
        String source = file.toString();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(source, reader);
        } catch (NoSuchFileException e) {
            throw new CatalogueException(source, List.of("file not found"), e);
        } catch (IOException e) {
            throw new CatalogueException(source, List.of("cannot be read: " + e.getMessage()), e);
        }
    }

    static Catalogue parse(String source, Reader reader) {
        Object document;
        try {
            document = new Yaml(new SafeConstructor(strictOptions())).load(reader);
        } catch (YAMLException e) {
            throw new CatalogueException(source, List.of("not valid YAML: " + e.getMessage()), e);
        }
        if (document == null) {
            throw new CatalogueException(source, "is empty");
        }
        YamlNode root = new YamlNode(source, "", document);
        root.requireOnlyKeys(ROOT_KEYS);
        YamlNode defaultsNode = root.has("defaults") ? root.get("defaults") : null;
        TopicDefaults defaults = defaultsNode == null ? new TopicDefaults(1, 1, 1) : new TopicDefaults(
                defaultsNode.integer("partitions"),
                defaultsNode.has("replicas") ? defaultsNode.integer("replicas") : 1,
                defaultsNode.has("min-insync-replicas") ? defaultsNode.integer("min-insync-replicas") : 1);

        List<YamlNode> topicNodes = root.list("topics");
        List<TopicSpec> topics = topicNodes.stream().map(t -> topic(t, defaults)).toList();
        Map<String, String> namesByRole = topics.stream()
                .collect(Collectors.toMap(TopicSpec::role, TopicSpec::name, (first, second) -> first));
        List<PrincipalSpec> principals = root.list("principals").stream().map(p -> principal(p, namesByRole)).toList();

        Map<String, Map<String, String>> changelogs = new java.util.LinkedHashMap<>();
        if (root.has("changelogs")) {
            YamlNode profiles = root.get("changelogs");
            profiles.keys().forEach(profile -> changelogs.put(profile, profiles.scalarMap(profile)));
        }
        Catalogue catalogue = new Catalogue(topics, principals, changelogs);
        List<String> problems = CatalogueRules.check(catalogue);
        if (!problems.isEmpty()) {
            throw new CatalogueException(source, problems, null);
        }
        return catalogue;
    }

    private static LoaderOptions strictOptions() {
        LoaderOptions options = new LoaderOptions();
        // A key written twice is a mistake to report, not a value to overwrite silently.
        options.setAllowDuplicateKeys(false);
        return options;
    }

    /** What a topic that does not say otherwise gets. */
    private record TopicDefaults(int partitions, int replicas, int minInSyncReplicas) {
    }

    private static TopicSpec topic(YamlNode node, TopicDefaults defaults) {
        node.requireOnlyKeys(TOPIC_KEYS);
        int partitions = node.has("partitions") ? node.integer("partitions") : defaults.partitions();
        int replicas = node.has("replicas") ? node.integer("replicas") : defaults.replicas();
        int minInSync = node.has("min-insync-replicas") ? node.integer("min-insync-replicas") : defaults.minInSyncReplicas();
        if (replicas < 1 || minInSync < 1 || minInSync > replicas) {
            throw node.error("replicas must be at least 1 and min-insync-replicas between 1 and replicas, were "
                    + replicas + " and " + minInSync);
        }
        if (node.has("configs") && node.scalarMap("configs").containsKey(TopicSpec.MIN_IN_SYNC)) {
            throw node.error("set " + TopicSpec.MIN_IN_SYNC + " with min-insync-replicas, not in configs: apply lowers it"
                    + " on a cluster with fewer brokers than replicas");
        }
        String erasure = node.optionalString("erasure");
        if (erasure != null && !erasure.equals("purge")) {
            throw node.error("erasure must be 'purge' (or left out), not '" + erasure + "'");
        }
        return new TopicSpec(node.string("role"), node.string("name"), partitions, replicas, minInSync,
                node.scalarMap("configs"), node.optionalString("value-schema"), erasure != null);
    }

    private static PrincipalSpec principal(YamlNode node, Map<String, String> namesByRole) {
        node.requireOnlyKeys(PRINCIPAL_KEYS);
        List<AclSpec> acls = node.list("acls").stream().map(a -> acl(a, namesByRole)).toList();
        return new PrincipalSpec(node.string("name"), node.optionalString("description"), acls);
    }

    private static AclSpec acl(YamlNode node, Map<String, String> namesByRole) {
        node.requireOnlyKeys(ACL_KEYS);
        List<String> given = RESOURCE_KEYS.stream().filter(node::has).sorted().toList();
        if (given.size() != 1) {
            throw node.error("needs exactly one of " + RESOURCE_KEYS.stream().sorted().toList() + ", found " + given);
        }
        String key = given.get(0);
        ResourceType kind;
        String name;
        if (key.equals("topic-role")) {
            String role = node.string(key);
            name = namesByRole.get(role);
            if (name == null) {
                throw node.error("topic-role '" + role + "' is not a role of any topic; roles are " + namesByRole.keySet());
            }
            kind = ResourceType.TOPIC;
        } else {
            kind = ResourceType.fromString(key.replace('-', '_')); // "transactional-id": TRANSACTIONAL_ID
            name = node.string(key);
        }
        PatternType pattern = node.has("pattern")
                ? enumValue(node.get("pattern"), PatternType.class, List.of(PatternType.LITERAL, PatternType.PREFIXED))
                : PatternType.LITERAL;
        List<AclOperation> allowed = Arrays.stream(AclOperation.values())
                .filter(op -> op != AclOperation.ANY && op != AclOperation.UNKNOWN).toList();
        Set<AclOperation> operations = node.list("operations").stream().map(op -> enumValue(op, AclOperation.class, allowed))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(AclOperation.class)));
        if (operations.isEmpty()) {
            throw node.error("needs at least one operation");
        }
        return new AclSpec(kind, name, pattern, operations);
    }

    private static <E extends Enum<E>> E enumValue(YamlNode node, Class<E> type, List<E> allowed) {
        String text = node.asScalar().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return allowed.stream().filter(e -> e.name().equals(text)).findFirst()
                .orElseThrow(() -> node.error("'" + node.asScalar() + "' is not one of "
                        + allowed.stream().map(Enum::name).toList()));
    }
}
