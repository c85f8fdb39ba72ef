package io.govstream.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * A {@link SchemaRegistryClient} over the documented Confluent Schema Registry REST API, so the
 * platform talks to Confluent Schema Registry, Karapace, Redpanda, Apicurio (ccompat) or the
 * local registry alike. Ids are immutable, so schemas by id and ids by (subject, schema) are
 * cached for the life of the client; latest versions and compatibility are always asked.
 *
 * <p>With several base URLs, a request that cannot reach one registry is retried on the next;
 * an answer from a registry, error or not, is final.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
    /** The media type of the Confluent API, version 1. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** What Confluent's own client accepts, best first. */
    static final String ACCEPT = CONTENT_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Confluent's client setting names, as {@link #fromConfig} reads them. */
    public static final String URL_CONFIG = "schema.registry.url";
    public static final String CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
    public static final String USER_INFO_CONFIG = "basic.auth.user.info";
    public static final String SASL_JAAS_CONFIG = "sasl.jaas.config";
    private static final Pattern JAAS_USERNAME = Pattern.compile("\\busername\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern JAAS_PASSWORD = Pattern.compile("\\bpassword\\s*=\\s*\"([^\"]*)\"");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> baseUrls;
    private final Duration timeout;
    private final Optional<String> authorization;
    private final HttpClient http;
    private final AtomicInteger preferred = new AtomicInteger();
    private final ConcurrentMap<Integer, Schema> schemaById = new ConcurrentHashMap<>();
    private final ConcurrentMap<SubjectSchema, Integer> idBySubjectSchema = new ConcurrentHashMap<>();

    /**
     * @param baseUrls registries serving the same data, tried in order when one is unreachable
     * @param timeout  connect timeout and the whole-request timeout
     * @param userInfo {@code user:password} for HTTP basic authentication, or {@code null}
     * @param trust    what to trust over HTTPS ({@link RegistryTrust}); {@code null}: the JVM's default CAs
     */
    public RestSchemaRegistryClient(List<URI> baseUrls, Duration timeout, String userInfo, SSLContext trust) {
        if (baseUrls == null || baseUrls.isEmpty()) {
            throw new IllegalArgumentException("At least one schema registry URL is required");
        }
        this.baseUrls = baseUrls.stream().map(RestSchemaRegistryClient::withoutTrailingSlash).toList();
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (userInfo != null && !userInfo.contains(":")) {
            throw new IllegalArgumentException("userInfo must be user:password");
        }
        this.authorization = Optional.ofNullable(userInfo)
                .map(u -> "Basic " + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8)));
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL);
        if (trust != null) {
            http.sslContext(trust);
        }
        this.http = http.build();
    }

    /**
     * A client configured with Confluent's client setting names, as a Kafka client's properties carry them:
     * {@code schema.registry.url} (required; comma-separated) and HTTP basic credentials by
     * {@code basic.auth.credentials.source}:
     * <ul>
     *   <li>{@code URL} (the default): the user info of the URL ({@code http://user:password@host:8081}), if any;</li>
     *   <li>{@code USER_INFO}: {@code basic.auth.user.info=user:password};</li>
     *   <li>{@code SASL_INHERIT}: the username and password of the SCRAM or PLAIN login in {@code sasl.jaas.config}.</li>
     * </ul>
     * Over HTTPS it trusts the CAs of {@code schema.registry.ssl.truststore.location} ({@link RegistryTrust}:
     * {@code .type} PEM, JKS or PKCS12, {@code .password}), else the JVM's default CAs.
     * Errors name the setting at fault, never its value.
     */
    public static RestSchemaRegistryClient fromConfig(Map<String, ?> config) {
        Object urls = config.get(URL_CONFIG);
        if (urls == null || String.valueOf(urls).isBlank()) {
            throw new IllegalArgumentException("no " + URL_CONFIG + " in the client settings");
        }
        List<URI> parsed = parseUrls(String.valueOf(urls));
        Object configured = config.get(CREDENTIALS_SOURCE_CONFIG);
        String source = (configured == null ? "URL" : String.valueOf(configured)).strip().toUpperCase(Locale.ROOT);
        String userInfo = switch (source) {
            case "URL" -> parsed.stream().map(URI::getRawUserInfo).filter(Objects::nonNull).findFirst()
                    .map(u -> URLDecoder.decode(u, StandardCharsets.UTF_8)).orElse(null);
            case "USER_INFO" -> {
                Object info = config.get(USER_INFO_CONFIG);
                if (info == null || String.valueOf(info).isBlank()) {
                    throw new IllegalArgumentException(CREDENTIALS_SOURCE_CONFIG + "=USER_INFO needs " + USER_INFO_CONFIG);
                }
                yield String.valueOf(info);
            }
            case "SASL_INHERIT" -> saslLogin(config.get(SASL_JAAS_CONFIG));
            default -> throw new IllegalArgumentException(CREDENTIALS_SOURCE_CONFIG + " must be USER_INFO, SASL_INHERIT or URL, not "
                    + source);
        };
        return new RestSchemaRegistryClient(parsed.stream().map(RestSchemaRegistryClient::withoutUserInfo).toList(),
                DEFAULT_TIMEOUT, userInfo, RegistryTrust.fromConfig(config).orElse(null));
    }

    /** {@code user:password} of a SCRAM or PLAIN login module's options. */
    private static String saslLogin(Object jaasConfig) {
        String jaas = jaasConfig == null ? "" : String.valueOf(jaasConfig);
        Matcher user = JAAS_USERNAME.matcher(jaas);
        Matcher password = JAAS_PASSWORD.matcher(jaas);
        if (!user.find() || !password.find()) {
            throw new IllegalArgumentException(CREDENTIALS_SOURCE_CONFIG + "=SASL_INHERIT needs a " + SASL_JAAS_CONFIG
                    + " with username and password (a SCRAM or PLAIN login)");
        }
        return user.group(1) + ":" + password.group(1);
    }

    private static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), uri.getFragment());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a registry URL: " + uri.getHost(), e);
        }
    }

    /** Whether requests carry HTTP basic credentials. */
    public boolean authenticates() {
        return authorization.isPresent();
    }

    public List<URI> baseUrls() {
        return baseUrls;
    }

    @Override
    public int register(String subject, Schema schema) {
        return id(subject, schema, "/subjects/" + encode(subject) + "/versions", "registration of subject ");
    }

    @Override
    public int idOf(String subject, Schema schema) {
        return id(subject, schema, "/subjects/" + encode(subject), "lookup in subject ");
    }

    /** The id of {@code schema} in {@code subject}: cached, else what the registry answers a POST of it to {@code path}. */
    private int id(String subject, Schema schema, String path, String what) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("POST", path, schemaBody(schema));
        int id = answer.path("id").asInt(-1);
        if (id < 0) {
            throw new SchemaRegistryException(500, 50005, "Registry answered " + what + subject + " without an id: " + answer);
        }
        idBySubjectSchema.put(key, id);
        schemaById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemaById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("GET", "/schemas/ids/" + id, null);
        Schema schema = parse(answer.path("schema").asText(null), "schema id " + id);
        Schema previous = schemaById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        JsonNode answer = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        Schema schema = parse(answer.path("schema").asText(null), "latest version of subject " + subject);
        int id = answer.path("id").asInt();
        schemaById.putIfAbsent(id, schema);
        return new RegisteredSchema(answer.path("subject").asText(subject), id, answer.path("version").asInt(), schema);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        // Against all versions: Confluent's "same compatibility check as register" (versions/latest is against the latest
        // one only, whatever the level).
        JsonNode answer = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        return answer.path("is_compatible").asBoolean(false);
    }

    /**
     * The compatibility level that applies to {@code subject}: its own, else the registry's global one
     * ({@code GET /config/{subject}?defaultToGlobal=true}). Ask it of a subject that has versions: Confluent
     * answers the global level for any other subject too, Apicurio answers 40401.
     */
    public CompatibilityLevel compatibilityLevel(String subject) {
        JsonNode answer = send("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null);
        String level = answer.path("compatibilityLevel").asText(answer.path("compatibility").asText(""));
        try {
            return CompatibilityLevel.valueOf(level.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SchemaRegistryException(500, 50005, "Registry answered the compatibility level of subject " + subject
                    + " with an unknown level: " + answer);
        }
    }

    private JsonNode send(String method, String path, String body) {
        int first = preferred.get();
        List<IOException> unreachable = new ArrayList<>();
        for (int attempt = 0; attempt < baseUrls.size(); attempt++) {
            int index = (first + attempt) % baseUrls.size();
            URI uri = URI.create(baseUrls.get(index) + path);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Accept", ACCEPT)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (body != null) {
                request.header("Content-Type", CONTENT_TYPE);
            }
            authorization.ifPresent(a -> request.header("Authorization", a));
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                unreachable.add(e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(500, 50002, "Interrupted while calling " + method + " " + uri);
            }
            preferred.set(index);
            return answer(method, uri, response);
        }
        SchemaRegistryException failure = new SchemaRegistryException(503, 50003, "No schema registry reachable at "
                + baseUrls + " for " + method + " " + path + ": " + unreachable.get(unreachable.size() - 1));
        unreachable.forEach(failure::addSuppressed);
        throw failure;
    }

    private static JsonNode answer(String method, URI uri, HttpResponse<String> response) {
        JsonNode json = null;
        try {
            json = response.body() == null || response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            // Not JSON: a proxy's error page, say. The status and the raw text say more than the parse error.
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300 && json != null) {
            return json;
        }
        if (json != null && json.has("error_code")) {
            throw new SchemaRegistryException(status, json.path("error_code").asInt(status),
                    json.path("message").asText("") + " [" + method + " " + uri + "]");
        }
        String text = response.body() == null ? "" : response.body();
        throw new SchemaRegistryException(status, status >= 200 && status < 300 ? 50005 : status,
                "Unexpected answer from schema registry to " + method + " " + uri + ": "
                        + (text.length() > 300 ? text.substring(0, 300) + "…" : text));
    }

    private static String schemaBody(Schema schema) {
        // schemaType is left out: AVRO is the default and older registries reject the field.
        ObjectNode body = JSON.createObjectNode().put("schema", wireText(schema));
        return body.toString();
    }

    /** A JSON string literal: the schema's JSON has quotes nowhere else, so scanning finds each one whole. */
    private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final String EMPTY_BRACES = "\"{}\"";
    private static final String EMPTY_BRACES_ESCAPED = "\"\\u007b}\"";

    /**
     * The schema's JSON as sent: {@link Schema#toString()}, except that a string that is exactly {@code {}} (a
     * default of {@code "{}"}, say) is written with its opening brace as a JSON unicode escape (U+007B): the same
     * string to any JSON parser. Apicurio Registry (3.x) turns {@code :"{}"} into {@code :{}} before it parses a
     * schema, so it refuses a string field with that default ("Failed to discover artifact type from content",
     * 42201); every other registry parses both forms alike, and compares schemas parsed, not as text.
     */
    static String wireText(Schema schema) {
        String json = schema.toString();
        if (!json.contains(EMPTY_BRACES)) {
            return json;
        }
        return STRING_LITERAL.matcher(json).replaceAll(literal -> Matcher.quoteReplacement(
                literal.group().equals(EMPTY_BRACES) ? EMPTY_BRACES_ESCAPED : literal.group()));
    }

    private static Schema parse(String text, String what) {
        if (text == null) {
            throw new SchemaRegistryException(500, 50005, "Registry answered without a schema for " + what);
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (AvroRuntimeException | NullPointerException e) { // Avro 1.12 on a bare undefined name ("\"Foo\""): an NPE
            throw new SchemaRegistryException(422, 42201, "Registry returned an unparseable Avro schema for " + what + ": "
                    + e.getMessage());
        }
    }

    private static String encode(String subject) {
        // URLEncoder is for forms: a space becomes '+', which a path must carry as %20.
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<URI> parseUrls(String baseUrls) {
        return Arrays.stream(baseUrls.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(URI::create)
                .toList();
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }

    private record SubjectSchema(String subject, Schema schema) {
    }
}
