package io.govstream.runtime.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingFactoryTest {

    @Test
    void givenNoEndpoint_whenAServiceStarts_thenTracingIsOff() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("micronaut.application.name", "govstream-orbit"))) {
            assertThat(context.getBean(Tracing.class).on()).isFalse();
        }
    }

    @Test
    void givenAnOtlpEndpointInEitherSetting_whenAServiceStarts_thenItExportsSpans() {
        for (String setting : new String[] {"tracing.otlp.endpoint", "otel.exporter.otlp.endpoint"}) {
            try (ApplicationContext context = ApplicationContext.run(Map.of(setting, "http://127.0.0.1:4318"))) {
                assertThat(context.getBean(Tracing.class).on()).as(setting).isTrue();
            }
        }
    }
}
