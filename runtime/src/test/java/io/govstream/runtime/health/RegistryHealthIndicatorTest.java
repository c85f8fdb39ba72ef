package io.govstream.runtime.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.govstream.runtime.RegistryTrustSettings;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** The registry's readiness check against a registry on loopback that wants HTTP basic credentials for reads. */
class RegistryHealthIndicatorTest {
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private int port;

    @BeforeEach
    void startRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/apis/ccompat/v7/subjects", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(authorization));
            byte[] body = "[]".getBytes();
            // "svc:s3cret w/ space" in Basic
            int status = "Basic c3ZjOnMzY3JldCB3LyBzcGFjZQ==".equals(authorization) ? 200 : 401;
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void givenCredentialsInTheRegistryUrl_whenChecked_thenSentAsBasicAuth_andTheDetailsShowTheUrlWithoutThem() {
        HealthResult result = check("http://svc:s3cret%20w%2F%20space@127.0.0.1:" + port + "/apis/ccompat/v7/");

        assertThat(result.getStatus()).as(String.valueOf(result.getDetails())).isEqualTo(HealthStatus.UP);
        assertThat(result.getDetails().toString()).contains("http://127.0.0.1:" + port + "/apis/ccompat/v7")
                .doesNotContain("s3cret").doesNotContain("svc");
    }

    @Test
    void givenNoCredentials_whenTheRegistryWantsThem_thenDownWithItsAnswer_andNoneSent() {
        HealthResult result = check("http://127.0.0.1:" + port + "/apis/ccompat/v7");

        assertThat(result.getStatus()).isEqualTo(HealthStatus.DOWN);
        assertThat(result.getDetails().toString()).contains("answered 401");
        assertThat(authorizations).containsOnly("null");
    }

    private static HealthResult check(String url) {
        RegistryHealthIndicator indicator = new RegistryHealthIndicator(url, Duration.ofSeconds(3), Duration.ZERO,
                new RegistryTrustSettings("", "", ""));
        CompletableFuture<HealthResult> first = new CompletableFuture<>();
        indicator.getResult().subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription subscription) {
                subscription.request(1);
            }

            @Override
            public void onNext(HealthResult result) {
                first.complete(result);
            }

            @Override
            public void onError(Throwable error) {
                first.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                first.completeExceptionally(new IllegalStateException("no health result"));
            }
        });
        return first.orTimeout(10, TimeUnit.SECONDS).join();
    }
}
