package io.govstream.governance.deadletter;

/**
 * The outcome of decoding one input record: the value, or the error with the raw bytes kept for
 * the dead letter. Lives only between processors (the typed error record of STYLE #4).
 */
public record Decoded<T>(T value, byte[] rawKey, byte[] rawValue, String errorType, String errorMessage) {

    /** A decoded value with the bytes it came from, so it can be routed on without encoding it again. */
    public static <T> Decoded<T> ok(T value, byte[] rawValue) {
        return new Decoded<>(value, null, rawValue, null, null);
    }

    public static <T> Decoded<T> failed(byte[] rawKey, byte[] rawValue, Exception error) {
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        return new Decoded<>(null, rawKey, rawValue, error.getClass().getName(), message);
    }

    public boolean failed() {
        return errorType != null;
    }
}
