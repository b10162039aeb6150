package io.memjcache.jcache.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * {@code lru_crawler metadump hash}: lists the keys of every live item, keeping those that start with a prefix.
 * The {@code hash} form walks memcached's hash table; the {@code all} form walks the LRUs, where an item being moved
 * between LRU segments at that moment can be missed, which would make an iteration skip an entry.
 *
 * <p>memcached refuses this command unless it is the last one in the connection's pending input ("cannot pipeline
 * other commands before metadump"), so it runs alone on a dedicated connection. The dump can be long: the deadline
 * moves forward with every line, so the operation timeout bounds silence, not the whole dump. memcached answers
 * {@code BUSY} while its crawler is running (it also crawls on its own); the request is then repeated until the
 * operation timeout. Dump lines are {@code key=<uri-encoded key> exp=... } ended by a bare LF; the dump ends with
 * {@code END}.
 *
 * <p>Immutable and thread-safe; the prefix is never null (empty matches every key).
 */
final class MetadumpCommand {

    private static final long BUSY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final String prefix;
    private final long busyTimeoutNanos;

    MetadumpCommand(String prefix, long busyTimeoutNanos) {
        this.prefix = prefix;
        this.busyTimeoutNanos = busyTimeoutNanos;
    }

    /** Runs the dump on {@code connection}, which must have nothing pending. */
    List<String> execute(MetaConnection connection) throws IOException, ErrorResponseException {
        long giveUp = System.nanoTime() + busyTimeoutNanos;
        while (true) {
            List<String> keys = dumpOnce(connection);
            if (keys != null) {
                return keys;
            }
            if (System.nanoTime() - giveUp > 0) {
                throw new ErrorResponseException(
                        "lru_crawler stayed busy for " + TimeUnit.NANOSECONDS.toMillis(busyTimeoutNanos) + " ms", true);
            }
            LockSupport.parkNanos(BUSY_PAUSE_NANOS);
        }
    }

    /** @return the matching keys, or null if the crawler was busy */
    private @Nullable List<String> dumpOnce(MetaConnection connection) throws IOException, ErrorResponseException {
        connection.beginExchange();
        try {
            connection.writeAscii("lru_crawler metadump hash\r\n");
            connection.flush();
            List<String> keys = new ArrayList<>();
            while (true) {
                String line = connection.readLine();
                connection.extendDeadline();
                if (line.startsWith("key=")) {
                    int end = line.indexOf(' ');
                    String key = percentDecode(line.substring(4, end < 0 ? line.length() : end));
                    if (key.startsWith(prefix)) {
                        keys.add(key);
                    }
                } else if (line.equals("END")) {
                    return keys;
                } else if (line.startsWith("BUSY")) {
                    return null;
                } else {
                    throw new ErrorResponseException("lru_crawler metadump failed: " + line, false);
                }
            }
        } finally {
            connection.endExchange();
        }
    }

    /** Decodes memcached's URI encoding of a key ({@code %XX} escapes; no {@code +} for space). */
    static String percentDecode(String encoded) {
        if (encoded.indexOf('%') < 0) {
            return encoded;
        }
        StringBuilder decoded = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%'
                    && i + 2 < encoded.length()
                    && hex(encoded.charAt(i + 1)) >= 0
                    && hex(encoded.charAt(i + 2)) >= 0) {
                decoded.append((char) (hex(encoded.charAt(i + 1)) * 16 + hex(encoded.charAt(i + 2))));
                i += 2;
            } else {
                decoded.append(c);
            }
        }
        return decoded.toString();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
