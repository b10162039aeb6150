package io.memjcache.server.protocol.binary;

/**
 * Response statuses of the binary protocol, with the message memcached sends as the body of an error response.
 * Immutable.
 */
public enum Status {
    SUCCESS(0x00, ""),
    KEY_NOT_FOUND(0x01, "Not found"),
    KEY_EXISTS(0x02, "Data exists for key."),
    TOO_LARGE(0x03, "Too large."),
    INVALID_ARGUMENTS(0x04, "Invalid arguments"),
    NOT_STORED(0x05, "Not stored."),
    NON_NUMERIC(0x06, "Non-numeric server-side value for incr or decr"),
    AUTH_ERROR(0x20, "Auth failure."),
    AUTH_CONTINUE(0x21, ""),
    UNKNOWN_COMMAND(0x81, "Unknown command"),
    OUT_OF_MEMORY(0x82, "Out of memory");

    private final int code;
    private final String message;

    Status(int code, String message) {
        this.code = code;
        this.message = message;
    }

    /** @return the status as it appears on the wire */
    public int code() {
        return code;
    }

    /** @return the body of an error response with this status */
    public String message() {
        return message;
    }
}
