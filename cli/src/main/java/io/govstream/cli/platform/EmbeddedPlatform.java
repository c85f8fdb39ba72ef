package io.govstream.cli.platform;

import io.govstream.cli.client.PlatformException;
import io.govstream.cli.client.ClientFiles;
import io.govstream.cli.client.PlatformKek;
import io.govstream.cli.auth.TokenKey;
import io.govstream.runtime.commands.CommandSeal;
import io.govstream.runtime.commands.EventSeal;
import io.govstream.broker.LocalKafka;
import io.govstream.axon.AxonApplication;
import io.govstream.governance.app.GovernanceApplication;
import io.govstream.broker.LocalCertificates;
import io.govstream.cli.policy.PolicyPublisher;
import io.govstream.ledger.checkpoint.SigningKeys;
import io.govstream.runtime.logging.LogFormat;
import io.govstream.schemas.registry.RestSchemaRegistryClient;
import io.govstream.secrets.SecretFiles;
import io.govstream.topology.Catalogue;
import io.govstream.topology.Topics;
import io.govstream.topology.plan.ApplyReport;
import io.govstream.topology.plan.Plan;
import io.govstream.topology.plan.TopologyPlanner;
import io.govstream.topology.secrets.SecretStore;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * The whole platform in one process: a real KRaft broker with SASL/SCRAM and ACLs, the
 * topology applied, the local schema registry (or a Confluent-compatible one run elsewhere,
 * {@link PlatformSettings#externalRegistryUrl()}), governance-streams, Axon and Orbit, each
 * service as its own principal. With TLS, Kafka is on SASL_SSL and every HTTP port serves HTTPS only,
 * with the local CA's localhost certificate. Closing it stops the services side by side, then the broker.
 */
public final class EmbeddedPlatform implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    /**
     * The principals whose SCRAM login also opens registry writes (HTTP basic): the services that
     * register their schemas and govctl (admin). Not the external {@code producer}, which only looks schemas up.
     */
    public static final List<String> REGISTRY_WRITERS = List.of("admin", "governance", "orbit", "axon");
    private static final String REGISTRY_ENDPOINT = "schema registry";

    private final PlatformSettings settings;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, String> endpoints = new LinkedHashMap<>();
    private final Catalogue catalogue;
    private LocalKafka broker;
    /** Instances 2, 3, ... of governance-streams and Axon, in processes of their own, by name ({@code axon-2}). */
    private final Map<String, ServiceProcess> instanceProcesses = new LinkedHashMap<>();
    private SecretStore secrets;
    private PlatformClients clients;
    private ApplyReport topologyReport;
    private PlatformKek.Located kek;

    private EmbeddedPlatform(PlatformSettings settings, Catalogue catalogue) {
        this.settings = settings;
        this.catalogue = catalogue;
    }

    /** Starts everything and returns once every service answers ready; {@code progress} hears each step. */
    public static EmbeddedPlatform start(PlatformSettings settings, Consumer<String> progress) {
        // govctl logs for people; GOVSTREAM_LOG_FORMAT=json switches the whole process to JSON lines.
        String logFormat = System.getenv(LogFormat.ENV);
        if (logFormat != null && !logFormat.isBlank()) {
            LogFormat.reconfigure(logFormat, "govctl");
        }
        EmbeddedPlatform platform = new EmbeddedPlatform(settings, Catalogue.load());
        try {
            platform.startAll(progress);
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    private void startAll(Consumer<String> progress) {
        Instant t0 = Instant.now();
        StartPhases phases = new StartPhases(t0);
        // Everything under it (logs, state, keys, client settings) is for this user only.
        SecretFiles.ownerOnlyDirectory(settings.dataDir());
        // The ledger's KEK lives outside the data dir: found, moved out of an old data dir, or made on first
        // start; checked before anything starts, so a missing or wrong key stops nothing half-way.
        kek = PlatformKek.of(settings.dataDir(), settings.keyDir(), progress).openOrCreate();
        phases.done("keys");
        progress.accept(settings.brokers() == 1 ? "starting Kafka broker (KRaft, SASL/SCRAM, ACLs) in " + settings.dataDir()
                : "starting a Kafka cluster of " + settings.brokers() + " brokers, one process each (KRaft, SASL/SCRAM, ACLs) in "
                        + settings.dataDir());
        broker = LocalKafka.start(settings.brokerSettings());
        started.push(broker);
        endpoints.put("kafka", broker.bootstrapServers() + (settings.tls()
                ? " (SASL_SSL, SCRAM-SHA-512; trust " + broker.settings().tlsDir().resolve(LocalCertificates.CA_CERT) + ")"
                : " (SASL_PLAINTEXT, SCRAM-SHA-512)"));
        secrets = new SecretStore(broker.settings().secretsDir());
        clients = new PlatformClients(settings, broker, secrets, catalogue);

        phases.done("broker");
        progress.accept("applying topology (topics, principals, ACLs)");
        try (Admin admin = Admin.create(broker.adminClientProperties())) {
            Plan plan = TopologyPlanner.plan(admin, catalogue, secrets);
            if (plan.hasErrors()) {
                throw new PlatformException("topology cannot be applied: " + String.join("; ", plan.errors()));
            }
            topologyReport = plan.apply(admin);
            // The broker makes its consumer-offsets topic on the first coordinator lookup: one lookup here, not one
            // per service starting side by side below, each racing to create it (and the broker logging every loser).
            try {
                admin.describeConsumerGroups(List.of("govstream-up")).all().get(1, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
                // no such group, as expected: the coordinator answered, so the topic is there
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new PlatformException("the broker made no consumer-offsets topic: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted while applying the topology", e);
        }

        phases.done("topology");

        // The services and the registry start side by side, each in a Micronaut context of its own: Kafka Streams
        // joins its group, creates its internal topics and rebalances (the longest wait of a start) meanwhile; services
        // look schemas up on first use, not at start.
        Map<String, CompletableFuture<EmbeddedServer>> starting = new LinkedHashMap<>();
        // Each service writes schemas with its own principal's login to the platform's registry, and trusts the
        // local CA with --tls; an external registry's URL carries whatever credentials it needs.
        Map<String, Object> common = new LinkedHashMap<>();
        common.put("registry.url", settings.registryUrl());
        if (!settings.externalRegistry()) {
            common.put("registry.basic.auth.credentials.source", "SASL_INHERIT");
        }
        clients.registryTrust().forEach((key, value) -> common.put(key.substring("schema.".length()), value));
        progress.accept("starting governance-streams (health and metrics on port " + settings.governancePort() + ")");
        Map<String, Object> governance = new LinkedHashMap<>(common);
        governance.put("governance.state-dir", stateDir(settings.dataDir().resolve("streams")).toString());
        SigningKeys.loadOrCreate(settings.dataDir());
        governance.put("governance.ledger.signing-key", SigningKeys.privateKeyFile(settings.dataDir()).toString());
        governance.put("governance.ledger.kek", kek.uri());
        Path secretsDir = broker.settings().secretsDir();
        governance.put("governance.commands.signing-key", CommandSeal.keyFiles(secretsDir).createIfAbsent().toString());
        EventSeal.keyFiles(secretsDir).createIfAbsent();
        governance.put("governance.votes.verify-key", EventSeal.keyFiles(secretsDir).publicFile().toString());
        if (settings.instances() > 1) {
            // A warm copy of every state store on another instance: a failed instance's tasks resume there.
            governance.put("kafka.num.standby.replicas", 1);
        }
        starting.put("governance", service("governance", "governance-streams", settings.governancePort(), governance));
        startInstances("governance", GovernanceApplication.class, governance, progress);

        progress.accept("starting Axon on port " + settings.axonPort());
        Map<String, Object> axon = new LinkedHashMap<>(common);
        axon.put("axon.commands.verify-key", CommandSeal.keyFiles(secretsDir).publicFile().toString());
        starting.put("axon", service("axon", "axon", settings.axonPort(), axon));
        startInstances("axon", AxonApplication.class, axon, progress);

        progress.accept("starting Orbit on port " + settings.orbitPort());
        Map<String, Object> orbit = new LinkedHashMap<>(common);
        orbit.put("orbit.auth.jwt-secret-file", TokenKey.createIfAbsent(settings.dataDir()).toString());
        orbit.put("orbit.events.signing-key", EventSeal.keyFiles(secretsDir).privateFile().toString());
        starting.put("orbit", service("orbit", "orbit", settings.orbitPort(), orbit));

        Topics topics = new Topics(catalogue);
        if (settings.externalRegistry()) {
            progress.accept("using the schema registry at " + settings.registryUrlWithoutCredentials() + " (not starting one)");
            endpoints.put(REGISTRY_ENDPOINT, settings.registryUrlWithoutCredentials());
        } else {
            progress.accept("starting schema registry on port " + settings.registryPort());
            starting.put("registry", service("registry", REGISTRY_ENDPOINT, settings.registryPort(), Map.of("registry.topic",
                    topics.schemas(), "registry.auth.users", REGISTRY_WRITERS, "registry.auth.password-dir", secrets.directory().toString())));
        }
        awaitStarted(starting);
        phases.done("services and registry started");
        SchemaSubjects.registerAll(catalogue, registryClient());
        if (settings.externalRegistry()) {
            SchemaSubjects.requireBackwardOrStricter(catalogue, registryClient(), settings.registryUrlWithoutCredentials());
        }
        publishDefaultPolicy(progress, topics);
        phases.done("schemas and default policy");
        clients.writeFiles();
        progress.accept("waiting until every service is ready");
        awaitReady();
        phases.done("until ready");
        // Where the time went, phase by phase: start-up is measured, not guessed (docs/measurements.md).
        progress.accept(String.format("ready in %.1f s (%s)", Duration.between(t0, Instant.now()).toMillis() / 1000.0, phases));
    }

    /**
     * A governance-streams state dir, created 0700. Kafka Streams itself sets it to 0750 (rwxr-x---) each
     * time it starts (StateDirectory, not configurable tighter); the 0700 data dir around it keeps
     * everyone else out.
     */
    private static Path stateDir(Path dir) {
        if (!Files.isDirectory(dir)) {
            SecretFiles.ownerOnlyDirectory(dir);
        }
        return dir;
    }

    /**
     * Starts a service in a thread of its own ({@link #awaitStarted} waits for it), listed as {@code endpoint} at its URL;
     * closing the platform waits for the start and stops the service, also when something else failed meanwhile.
     */
    private CompletableFuture<EmbeddedServer> service(String name, String endpoint, int port, Map<String, Object> properties) {
        endpoints.put(endpoint, settings.url(port));
        // Each service logs in as the principal of its own name.
        Map<String, Object> kafka = clients.clientProperties(name);
        Map<String, Object> all = withTls(port, properties);
        CompletableFuture<EmbeddedServer> start = CompletableFuture.supplyAsync(
                () -> ServiceRunner.start(name, settings.bindAddress(), port, kafka, all), runnable -> new Thread(runnable, "start-" + name).start());
        started.push(() -> {
            try {
                start.join().getApplicationContext().close();
            } catch (CompletionException e) {
                // it did not start: nothing to stop
            }
        });
        return start;
    }

    /** Waits for every service started side by side; throws the first one's failure, the others' suppressed in it. */
    private static void awaitStarted(Map<String, CompletableFuture<EmbeddedServer>> starting) {
        RuntimeException failed = null;
        for (CompletableFuture<EmbeddedServer> start : starting.values()) {
            try {
                start.join();
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                if (failed == null) {
                    failed = cause;
                } else {
                    failed.addSuppressed(cause);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * Instances 2, 3, ... up to {@link PlatformSettings#instances()} of {@code service}, each in a process of its own,
     * logged in as the service's principal, in the same group as the first; on a free port; governance-streams with a
     * state dir of its own.
     */
    private void startInstances(String service, Class<?> mainClass, Map<String, Object> settingsOfFirst, Consumer<String> progress) {
        for (int instance = 2; instance <= settings.instances(); instance++) {
            int port = PlatformSettings.freePort();
            String name = service + "-" + instance;
            progress.accept("starting " + name + " as a process of its own (port " + port + ", output in "
                    + logDir().resolve(name + ".log") + ")");
            Map<String, Object> properties = new LinkedHashMap<>(settingsOfFirst);
            if (service.equals("governance")) {
                properties.put("governance.state-dir", stateDir(settings.dataDir().resolve("streams-" + instance)).toString());
            }
            ServiceProcess process = ServiceProcess.start(name, mainClass.getName(), ServiceRunner.properties(settings.bindAddress(),
                    port, clients.clientProperties(service), withTls(port, properties)), logDir());
            started.push(process);
            instanceProcesses.put(name, process);
            endpoints.put(name, settings.url(port));
        }
    }

    /** With TLS: HTTPS only on the service's port, with the broker's localhost certificate (key + chain in one PEM). */
    private Map<String, Object> withTls(int port, Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>(properties);
        if (settings.tls()) {
            all.put("micronaut.server.ssl.enabled", true);
            all.put("micronaut.server.ssl.port", port);
            all.put("micronaut.server.ssl.key-store.path", "file:" + settings.serverPem());
            all.put("micronaut.server.ssl.protocols", List.of("TLSv1.3", "TLSv1.2"));
        }
        return all;
    }

    private Path logDir() {
        return settings.dataDir().resolve("logs");
    }

    /** On first start the shipped default becomes version 1 of the policy history (decisions fall back to it anyway). */
    private void publishDefaultPolicy(Consumer<String> progress, Topics topics) {
        if (new PolicyPublisher(adminSettings(), topics).publishDefaultIfEmpty("govctl up")) {
            progress.accept("published the default policy set as version 1 on " + topics.policies());
        }
    }

    private void awaitReady() {
        HttpClient http = LocalTrust.httpClient(settings.caCert());
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        for (Map.Entry<String, String> e : endpoints.entrySet()) {
            if (!e.getValue().startsWith("http") || (e.getKey().equals(REGISTRY_ENDPOINT) && settings.externalRegistry())) {
                // An external registry has no /health/ready of ours: registering the schemas showed it answers.
                continue;
            }
            URI uri = URI.create(e.getValue() + "/health/ready");
            String last = "no answer";
            try {
                while (true) {
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200) {
                            break;
                        }
                        last = response.statusCode() + " " + response.body();
                    } catch (java.io.IOException ex) {
                        last = ex.toString();
                    }
                    instanceProcesses.values().forEach(ServiceProcess::requireAlive);
                    if (Instant.now().isAfter(deadline)) {
                        throw new PlatformException(e.getKey() + " did not become ready within " + READY_TIMEOUT.toSeconds()
                                + " s; last answer from " + uri + ": " + last);
                    }
                    Thread.sleep(200);
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new PlatformException("interrupted while waiting for " + e.getKey());
            }
        }
    }

    /** Dispatcher tokens for any subject, minted with the data dir's key, for govctl's and tests' Orbit clients. */
    public TokenKey.OrbitTokens dispatcherTokens() {
        return TokenKey.dispatcherTokens(settings.dataDir());
    }

    public PlatformSettings settings() {
        return settings;
    }

    /** The Kafka the platform started: one node in this process, or a cluster of node processes. */
    public LocalKafka kafka() {
        return broker;
    }

    /**
     * SIGKILL to an instance that runs in a process of its own ({@code governance-2}, {@code axon-2}, ...), as a
     * machine fails: no commit, no leaving the group. For fault tests and drills.
     */
    public void kill(String instance) throws InterruptedException {
        ServiceProcess process = instanceProcesses.get(instance);
        if (process == null) {
            throw new IllegalArgumentException("no instance " + instance + " in a process of its own; there are "
                    + instanceProcesses.keySet());
        }
        process.kill();
    }

    /** Where each service serves Prometheus metrics (job name as in deploy/prometheus/prometheus.yml → URL). */
    public Map<String, String> metricsEndpoints() {
        Map<String, String> metrics = new LinkedHashMap<>();
        metrics.put("orbit", settings.orbitUrl() + "/prometheus");
        metrics.put("axon", settings.axonUrl() + "/prometheus");
        metrics.put("governance-streams", settings.governanceUrl() + "/prometheus");
        if (!settings.externalRegistry()) {
            metrics.put("schema-registry", settings.registryUrl() + "/prometheus");
        }
        return metrics;
    }

    public Map<String, String> endpoints() {
        return Map.copyOf(endpoints);
    }

    /** The ledger's key-encryption key governance-streams was given: where it is kept, outside the data dir. */
    public PlatformKek.Located kek() {
        return kek;
    }

    public ApplyReport topologyReport() {
        return topologyReport;
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    /** Kafka settings of the admin super user, for replay and verification. */
    public Map<String, Object> adminClientProperties() {
        return broker.adminClientProperties();
    }

    /** Kafka settings of a catalogue principal. */
    public Map<String, Object> clientProperties(String principal) {
        return clients.clientProperties(principal);
    }

    /**
     * The admin's client settings as govctl reads them from admin.properties: Kafka, the registry's URL
     * and its credentials (the admin's SASL login).
     */
    public Map<String, Object> adminSettings() {
        return clients.adminSettings();
    }

    /** A registry client that may write (as the admin principal), as govctl's commands use it. */
    public RestSchemaRegistryClient registryClient() {
        return RestSchemaRegistryClient.fromConfig(adminSettings());
    }

    public Path clientPropertiesFile() {
        return settings.dataDir().resolve(ClientFiles.CLIENT);
    }

    /** Stops the services and their further instances side by side, then the broker ({@link #stop}). */
    @Override
    public void close() {
        stop(started.stream().filter(service -> service != broker).toList(), started.contains(broker) ? broker : null);
        started.clear();
    }

    /**
     * Closes {@code services} side by side, then {@code last} (if not null), and throws the first failure with the others
     * suppressed in it. The platform's services need only the broker to stop (to end their last transaction and leave
     * their groups), not one another; one after the other, a platform's stop took the sum of theirs (docs/measurements.md).
     */
    static void stop(List<AutoCloseable> services, AutoCloseable last) {
        List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
        // join() waits on when this thread is interrupted, and keeps the interrupt: every service stops before the last.
        CompletableFuture.allOf(services.stream().map(service -> CompletableFuture.runAsync(() -> close(service, failures),
                runnable -> new Thread(runnable, "stop-service").start())).toArray(CompletableFuture[]::new)).join();
        if (last != null) {
            close(last, failures);
        }
        if (!failures.isEmpty()) {
            PlatformException failure = new PlatformException("error while stopping the platform: " + failures.get(0), failures.get(0));
            failures.subList(1, failures.size()).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private static void close(AutoCloseable closeable, List<Exception> failures) {
        try {
            closeable.close();
        } catch (Exception e) {
            failures.add(e);
        }
    }
}
