package io.memjcache.jcache.client;

import org.jspecify.annotations.Nullable;

/**
 * One line of a {@code watch mutations evictions [deletions]} stream, reduced to what invalidation needs: which key
 * changed, or that the server dropped lines ({@code skipped=N}) or everything ({@code type=flush_all}, the bundled
 * server only). The line formats are memcached's (1.6.18, plus 1.6.20's {@code deletions}), which the bundled server
 * writes too:
 *
 * <pre>
 * ts=1796602012.95444 gid=2 type=item_store key=m%3Aab status=stored cmd=set ttl=0 clsid=1 cfd=25 size=1
 * ts=1796616940.696324 gid=9 type=deleted key=a cmd=delete clsid=1 size=1
 * ts=1796616940.696324 gid=10 type=eviction key=b fetch=no ttl=-1 la=3 clsid=1 size=100
 * skipped=12
 * </pre>
 *
 * Keys come URI-encoded ({@code %XX} for every byte outside letters, digits and a few marks) and are decoded here.
 * A store counts whatever its status: a refused store changed nothing, but the provider's own heartbeats and delete
 * markers are refused stores, and a spurious invalidation only costs a read. Any other line (fetches, connection
 * events, lines of a newer server) is {@link Kind#OTHER}; nothing a server sends makes parsing throw.
 *
 * <p>Immutable and thread-safe. {@code key} is null unless the kind is {@link Kind#CHANGE}.
 *
 * @param kind    what the line says
 * @param key     the decoded key of a change
 * @param skipped how many lines the server dropped ({@link Kind#SKIPPED}), else 0
 */
public record WatchLine(Kind kind, @Nullable String key, long skipped) {

    /** What a watch line says. */
    public enum Kind {
        /** A key was stored (or a store was refused), deleted or evicted. */
        CHANGE,
        /** The server dropped lines this watcher did not read in time. */
        SKIPPED,
        /** The server dropped every item ({@code flush_all}; memcached does not log it). */
        FLUSH,
        /** Anything else: not about a change of an item. */
        OTHER
    }

    private static final WatchLine OTHER = new WatchLine(Kind.OTHER, null, 0);
    private static final WatchLine FLUSH = new WatchLine(Kind.FLUSH, null, 0);

    private static final String SKIPPED_PREFIX = "skipped=";
    private static final String KEY_FIELD = " key=";

    /**
     * Parses a line without its line end.
     *
     * @return what it says; {@link Kind#OTHER} for anything not understood
     */
    public static WatchLine parse(String line) {
        if (line.startsWith(SKIPPED_PREFIX)) {
            return new WatchLine(Kind.SKIPPED, null, parseCount(line.substring(SKIPPED_PREFIX.length())));
        }
        String type = field(line, " type=");
        if (type == null) {
            return OTHER;
        }
        switch (type) {
            case "item_store", "deleted", "eviction" -> {
                String encoded = field(line, KEY_FIELD);
                return encoded == null || encoded.isEmpty()
                        ? OTHER
                        : new WatchLine(Kind.CHANGE, MetadumpCommand.percentDecode(encoded), 0);
            }
            case "flush_all" -> {
                return FLUSH;
            }
            default -> {
                return OTHER;
            }
        }
    }

    /**
     * @return whether the line's key (still URI-encoded) starts with {@code encodedPrefix}: a check that costs no
     *     allocation, for a watcher that routes only keys of its own
     */
    public static boolean keyStartsWith(String line, String encodedPrefix) {
        int at = line.indexOf(KEY_FIELD);
        return at >= 0 && line.startsWith(encodedPrefix, at + KEY_FIELD.length());
    }

    /** @return the value of the {@code name=} field ({@code name} given with its leading space), or null */
    private static @Nullable String field(String line, String name) {
        int at = line.indexOf(name);
        if (at < 0) {
            return null;
        }
        int start = at + name.length();
        int end = line.indexOf(' ', start);
        return line.substring(start, end < 0 ? line.length() : end);
    }

    /** @return the count, or {@link Long#MAX_VALUE} when it is not a number (lines were dropped all the same) */
    private static long parseCount(String digits) {
        try {
            return Long.parseLong(digits.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
