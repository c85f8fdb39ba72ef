package io.govstream.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads one gauge from a process's Prometheus endpoint, as a scrape would. */
public final class PrometheusScrape {
    private PrometheusScrape() {
    }

    /** The first sample of {@code name} (any labels) exported at {@code metricsUrl}. */
    public static double gauge(String metricsUrl, String name) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError(name + " is not exported at " + metricsUrl));
    }
}
