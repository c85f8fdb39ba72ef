package io.govstream.runtime.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Chooses the log format of a process: {@code json} (one JSON object per line, logstash encoder,
 * with the MDC fields of {@link EventMdc}) or {@code text} (for people). Standalone services
 * default to JSON; govctl keeps its own human format unless {@code GOVSTREAM_LOG_FORMAT=json}.
 * An explicit {@code -Dlogback.configurationFile} always wins.
 */
public final class LogFormat {
    public static final String ENV = "GOVSTREAM_LOG_FORMAT";
    public static final String JSON_CONFIG = "govstream-logback-json.xml";
    public static final String TEXT_CONFIG = "govstream-logback-text.xml";

    private LogFormat() {
    }

    /**
     * For a service's {@code main}, before anything logs: selects the configuration by
     * {@code GOVSTREAM_LOG_FORMAT} (default json) and names the service in every line.
     */
    public static void forService(String service) {
        System.setProperty("govstream.service", service);
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", resourceFor(System.getenv(ENV), "json"));
        }
    }

    /** The configuration resource for {@code format} (json or text), {@code fallback} when unset. */
    public static String resourceFor(String format, String fallback) {
        String chosen = format == null || format.isBlank() ? fallback : format.trim().toLowerCase(Locale.ROOT);
        return switch (chosen) {
            case "json" -> JSON_CONFIG;
            case "text" -> TEXT_CONFIG;
            default -> throw new IllegalArgumentException(ENV + " must be json or text, not '" + format + "'");
        };
    }

    /** Replaces the running logback configuration with the one for {@code format} (json or text). */
    public static void reconfigure(String format, String service) {
        System.setProperty("govstream.service", service);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        URL config = LogFormat.class.getClassLoader().getResource(resourceFor(format, "json"));
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(config);
        } catch (JoranException e) {
            throw new IllegalStateException("could not apply log configuration " + config + ": " + e.getMessage(), e);
        }
    }
}
