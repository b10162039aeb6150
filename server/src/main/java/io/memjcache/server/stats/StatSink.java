package io.memjcache.server.stats;

/**
 * Receives the name/value pairs of a statistics group in order; each protocol encodes them its own way (text
 * {@code STAT <name> <value>} lines, binary one response per pair). Internal, not API. Implementations are confined
 * to the connection answering the request.
 */
public interface StatSink {
    void stat(String name, long value);

    void stat(String name, String value);
}
