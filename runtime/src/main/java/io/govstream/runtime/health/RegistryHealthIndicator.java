package io.govstream.runtime.health;

import io.govstream.runtime.PlatformSettings;
import io.govstream.runtime.RegistryTrustSettings;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.reactivestreams.Publisher;

/**
 * Component {@code schema-registry}: {@code GET <registry.url>/subjects} answers 2xx. Every
 * Confluent-compatible registry serves that path. Readiness only, like {@link KafkaHealthIndicator}. Over HTTPS it
 * trusts what the registry client trusts ({@link RegistryTrustSettings}).
 */
@Singleton
@Requires(env = "govstream")
@Requires(property = "registry.url")
public class RegistryHealthIndicator implements HealthIndicator {
    private final CachedCheck check;

    @jakarta.inject.Inject
    public RegistryHealthIndicator(@Value("${registry.url}") String url, PlatformSettings settings, RegistryTrustSettings trust) {
        this(url, settings.health().registry().timeout(), settings.health().cache(), trust);
    }

    RegistryHealthIndicator(String url, Duration timeout, Duration cache, RegistryTrustSettings trust) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
        trust.sslContext().ifPresent(builder::sslContext);
        HttpClient http = builder.build();
        // A registry run elsewhere may carry credentials in its URL (http://user:password@host/...): sent as HTTP basic,
        // never shown in the health details, which anyone may read.
        URI given = URI.create(url.strip().replaceAll("/+$", "") + "/subjects");
        URI subjects = withoutUserInfo(given);
        String shown = withoutUserInfo(URI.create(url.strip())).toString();
        Optional<String> authorization = Optional.ofNullable(given.getRawUserInfo())
                .map(info -> "Basic " + Base64.getEncoder().encodeToString(
                        URLDecoder.decode(info, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)));
        this.check = new CachedCheck("schema-registry", cache, timeout, () -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(subjects).timeout(timeout).GET();
            authorization.ifPresent(value -> request.header("Authorization", value));
            return http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                    .thenApply(response -> {
                        if (response.statusCode() / 100 != 2) {
                            throw new IllegalStateException(new IOException("GET " + subjects + " answered " + response.statusCode()));
                        }
                        return Map.<String, Object>of("url", shown, "status", response.statusCode());
                    });
        }, Clock.systemUTC());
    }

    private static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getRawPath(), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("registry.url is not a URL", e);
        }
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.fromCompletableFuture(check::result);
    }
}
