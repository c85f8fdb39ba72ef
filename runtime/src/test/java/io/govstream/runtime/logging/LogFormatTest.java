package io.govstream.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.schemas.EventHeaders;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogFormatTest {
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void givenTheJsonFormat_whenAnEventIsLoggedWhileHandlingARequest_thenOneJsonLineCarriesItsIds() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        context.putProperty("govstream.service", "orbit");
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getClassLoader().getResource(LogFormat.resourceFor("json", "text")));
        @SuppressWarnings("unchecked")
        Encoder<ch.qos.logback.classic.spi.ILoggingEvent> encoder = ((ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent>)
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("JSON")).getEncoder();
        assertThat(encoder).as(context.getStatusManager().getCopyOfStatusList().toString()).isNotNull();

        String line;
        try (EventMdc mdc = EventMdc.of("c-1", "acme", TRACEPARENT)) {
            LoggingEvent event = new LoggingEvent("x", context.getLogger("io.govstream.Test"), Level.INFO, "Dispatch accepted", null, null);
            line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        }
        assertThat(line).endsWith("\n").doesNotContain("\n{");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("message").asText()).isEqualTo("Dispatch accepted");
        assertThat(json.path("level").asText()).isEqualTo("INFO");
        assertThat(json.path("service").asText()).isEqualTo("orbit");
        assertThat(json.path("correlation_id").asText()).isEqualTo("c-1");
        assertThat(json.path("tenant").asText()).isEqualTo("acme");
        assertThat(json.path("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(json.path("span_id").asText()).isEqualTo("00f067aa0ba902b7");
        assertThat(MDC.get(EventMdc.CORRELATION_ID)).as("cleared after the event").isNull();
    }

    @Test
    void givenAnUnknownFormat_whenChosen_thenTheErrorNamesTheVariable() {
        assertThat(LogFormat.resourceFor(null, "json")).isEqualTo(LogFormat.JSON_CONFIG);
        assertThat(LogFormat.resourceFor("TEXT", "json")).isEqualTo(LogFormat.TEXT_CONFIG);
        assertThatThrownBy(() -> LogFormat.resourceFor("xml", "json")).hasMessageContaining("GOVSTREAM_LOG_FORMAT");
    }

    @Test
    void givenAParentTraceparent_whenAChildIsMade_thenSameTraceNewSpan() {
        String child = EventHeaders.childOf(TRACEPARENT);
        assertThat(EventHeaders.isTraceparent(child)).isTrue();
        assertThat(EventHeaders.traceId(child)).isEqualTo(EventHeaders.traceId(TRACEPARENT));
        assertThat(EventHeaders.spanId(child)).isNotEqualTo(EventHeaders.spanId(TRACEPARENT));
        assertThat(child).endsWith("-01");
        assertThat(EventHeaders.isTraceparent(EventHeaders.childOf("garbage"))).isTrue();
    }
}
