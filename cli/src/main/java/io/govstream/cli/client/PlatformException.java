package io.govstream.cli.client;

/** The embedded platform could not start or stop as asked; the message says what to do. */
public class PlatformException extends RuntimeException {
    public PlatformException(String message) {
        super(message);
    }

    public PlatformException(String message, Throwable cause) {
        super(message, cause);
    }
}
