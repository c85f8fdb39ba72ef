package io.govstream.schemas.registry;

/**
 * An error answered by a schema registry, with Confluent's HTTP status and error code
 * (e.g. 40401 subject not found, 409 incompatible schema, 42201 invalid schema).
 */
public class SchemaRegistryException extends RuntimeException {
    private final int status;

    public SchemaRegistryException(int status, int errorCode, String message) {
        super(message + " (status " + status + ", error code " + errorCode + ")");
        this.status = status;
    }

    public int status() {
        return status;
    }
}
