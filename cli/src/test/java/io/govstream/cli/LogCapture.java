package io.govstream.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/**
 * Every formatted log line of this JVM (the embedded platform runs in it) from {@link #onRoot} to
 * {@link #stop}, exceptions included: what a test that looks for personal data or secrets in the
 * logs reads.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> {
    public final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    public final ConcurrentLinkedQueue<String> infoAndAbove = new ConcurrentLinkedQueue<>();
    private Logger root;

    private LogCapture() {
    }

    /** Starts capturing at the root logger, at the levels the loggers are set to. */
    public static LogCapture onRoot() {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogCapture capture = new LogCapture();
        capture.setContext(logging);
        capture.start();
        capture.root = logging.getLogger(Logger.ROOT_LOGGER_NAME);
        capture.root.addAppender(capture);
        return capture;
    }

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getFormattedMessage());
        for (var proxy = event.getThrowableProxy(); proxy != null; proxy = proxy.getCause()) {
            line.append(" | ").append(proxy.getClassName()).append(": ").append(proxy.getMessage());
        }
        lines.add(line.toString());
        if (event.getLevel().isGreaterOrEqual(Level.INFO)) {
            infoAndAbove.add(line.toString());
        }
    }

    @Override
    public void stop() {
        if (root != null) {
            root.detachAppender(this);
        }
        super.stop();
    }
}
