package io.govstream.deploy;

import io.micronaut.context.annotation.ConfigurationProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.govstream.runtime.ProbesController;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What the deploy files must agree with, read from each service's code and configuration: its
 * HTTP port, its probe paths, and every setting (property or environment variable) it reads.
 */
enum Service {
    GOVERNANCE("governance", "governance-streams", "governance-streams/src/main/resources/application-governance.yml",
            List.of("governance-streams", "runtime", "ledger", "topology"), true,
            List.of(io.govstream.governance.app.GovernanceSettings.class, io.govstream.runtime.PlatformSettings.class)),
    ORBIT("orbit", "orbit", "services/orbit/src/main/resources/application-orbit.yml",
            List.of("services/orbit", "runtime", "topology"), false,
            List.of(io.govstream.orbit.OrbitSettings.class, io.govstream.runtime.PlatformSettings.class)),
    AXON("axon", "axon", "services/axon/src/main/resources/application-axon.yml",
            List.of("services/axon", "runtime", "topology"), false,
            List.of(io.govstream.axon.work.AxonSettings.class, io.govstream.runtime.PlatformSettings.class)),
    REGISTRY("registry", "schema-registry", "schemas/registry/src/main/resources/application-registry.yml",
            List.of("schemas/registry"), false, List.of(io.govstream.registry.RegistrySettings.class));

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z][a-z0-9.-]*)[:}]");
    private static final Pattern ENV_LITERAL = Pattern.compile("\"([A-Z][A-Z0-9_]{2,})\"");
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]{2,})");
    private static final String SHARED_CONFIG = "runtime/src/main/resources/application-govstream.yml";

    /** The key under services: in the chart and the service name in the compose file. */
    final String key;
    final String image;
    private final String config;
    private final List<String> modules;
    private final boolean streams;
    /** Its {@code @ConfigurationProperties} records: each component is a property. */
    private final List<Class<? extends Record>> settings;

    Service(String key, String image, String config, List<String> modules, boolean streams, List<Class<? extends Record>> settings) {
        this.key = key;
        this.image = image;
        this.config = config;
        this.modules = modules;
        this.streams = streams;
        this.settings = settings;
    }

    static Service byKey(String key) {
        return Stream.of(values()).filter(s -> s.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + key));
    }

    /** Services built on runtime load the shared config and answer runtime's probes. */
    boolean usesRuntime() {
        return modules.contains("runtime");
    }

    /** micronaut.server.port of the service's own configuration. */
    int port() {
        return Repo.yaml(config).path("micronaut").path("server").path("port").asInt(-1);
    }

    String livenessPath() {
        return usesRuntime() ? probePath("live") : managementHealthPath("liveness");
    }

    String readinessPath() {
        return usesRuntime() ? probePath("ready") : managementHealthPath("readiness");
    }

    /** The path of runtime's ProbesController method whose @Get path ends in {@code leaf}. */
    private static String probePath(String leaf) {
        String base = ProbesController.class.getAnnotation(Controller.class).value();
        for (Method method : ProbesController.class.getDeclaredMethods()) {
            Get get = method.getAnnotation(Get.class);
            if (get != null && get.value().equals("/" + leaf)) {
                return base + get.value();
            }
        }
        throw new IllegalStateException("ProbesController has no /" + leaf + " probe");
    }

    /** Micronaut management's own health paths, present only when the health endpoint is enabled. */
    private String managementHealthPath(String group) {
        JsonNode health = Repo.yaml(config).path("endpoints").path("health");
        return health.path("enabled").asBoolean(false) && !health.path("sensitive").asBoolean(true)
                ? "/health/" + group : "(health endpoint not enabled in " + config + ")";
    }

    /** Every property the service's code or configuration names. */
    Set<String> properties() {
        Set<String> names = new TreeSet<>();
        flatten("", Repo.yaml(config), names);
        if (usesRuntime()) {
            flatten("", Repo.yaml(SHARED_CONFIG), names);
        }
        forEachSource(text -> {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
        });
        for (Class<? extends Record> type : settings) {
            settingsProperties(type, type.getAnnotation(ConfigurationProperties.class).value(), names);
        }
        return names;
    }

    /** The properties a settings record binds: a component per property, a nested record per section. */
    private static void settingsProperties(Class<?> type, String prefix, Set<String> names) {
        for (java.lang.reflect.RecordComponent component : type.getRecordComponents()) {
            ConfigurationProperties section = component.getType().getAnnotation(ConfigurationProperties.class);
            if (section != null) {
                settingsProperties(component.getType(), prefix + "." + section.value(), names);
            } else {
                names.add(prefix + "." + component.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT));
            }
        }
    }

    /**
     * Whether the service reads this environment variable: directly (getenv, logback), as a
     * property (Micronaut maps FOO_BAR_BAZ to foo.bar.baz and foo.bar-baz), or as a Kafka client
     * setting through the {@code kafka.*} passthrough.
     */
    boolean reads(String variable) {
        if (variable.equals("JAVA_TOOL_OPTIONS")) {
            return true; // read by the JVM itself
        }
        if (directEnvironment().contains(variable)) {
            return true;
        }
        if (properties().stream().map(Service::envName).anyMatch(variable::equals)) {
            return true;
        }
        return variable.startsWith("KAFKA_") && passesKafkaSettingsThrough()
                && kafkaConfigNames().stream().map(n -> envName("kafka." + n)).anyMatch(variable::equals);
    }

    static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private boolean passesKafkaSettingsThrough() {
        boolean[] found = {false};
        forEachSource(text -> found[0] |= text.contains("@Property(name = \"kafka\")"));
        return found[0];
    }

    private Set<String> kafkaConfigNames() {
        Set<String> names = new HashSet<>(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        if (streams) {
            names.addAll(StreamsConfig.configDef().names());
        }
        return names;
    }

    private Set<String> directEnvironment() {
        Set<String> names = new TreeSet<>();
        forEachFile(file -> {
            String text = read(file);
            if (file.toString().endsWith(".java") && text.contains("getenv")) {
                Matcher m = ENV_LITERAL.matcher(text);
                while (m.find()) {
                    names.add(m.group(1));
                }
            } else if (file.toString().endsWith(".xml")) {
                Matcher m = ENV_PLACEHOLDER.matcher(text);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        });
        return names;
    }

    private void forEachSource(java.util.function.Consumer<String> action) {
        forEachFile(file -> {
            if (file.toString().endsWith(".java")) {
                action.accept(read(file));
            }
        });
    }

    private void forEachFile(java.util.function.Consumer<Path> action) {
        for (String module : modules) {
            Path main = Repo.path(module).resolve("src/main");
            try (Stream<Path> files = Files.walk(main)) {
                files.filter(Files::isRegularFile).forEach(action);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + main, e);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void flatten(String prefix, JsonNode node, Set<String> into) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into);
            }
        } else if (!prefix.isEmpty()) {
            into.add(prefix);
        }
    }
}
