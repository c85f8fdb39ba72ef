package io.govstream.runtime.tracing;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's {@link Tracing}: spans exported over OTLP/HTTP to {@code tracing.otlp.endpoint}
 * (else OpenTelemetry's standard {@code otel.exporter.otlp.endpoint}, i.e. the variable
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT}), as {@code tracing.service-name} (default: the application's
 * name). Neither set: off.
 */
@Factory
public class TracingFactory {
    private static final Logger LOG = LoggerFactory.getLogger(TracingFactory.class);

    @Singleton
    @Bean(preDestroy = "close")
    Tracing tracing(@Value("${tracing.otlp.endpoint:}") String endpoint,
                    @Value("${otel.exporter.otlp.endpoint:}") String standardEndpoint,
                    @Value("${tracing.service-name:}") String serviceName,
                    @Value("${micronaut.application.name:govstream}") String applicationName) {
        String to = endpoint.isBlank() ? standardEndpoint : endpoint;
        String service = serviceName.isBlank() ? applicationName : serviceName;
        if (to.isBlank()) {
            LOG.debug("Tracing off: no tracing.otlp.endpoint");
            return Tracing.off();
        }
        LOG.info("Exporting spans of {} over OTLP/HTTP to {}", service, to);
        return Tracing.exporting(service, to);
    }
}
