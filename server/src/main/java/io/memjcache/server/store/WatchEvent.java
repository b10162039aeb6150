package io.memjcache.server.store;

import io.memjcache.server.support.Ascii;
import java.nio.charset.StandardCharsets;

/**
 * One event for {@code watch} streams, captured with the few numbers its line needs while the stripe lock is held,
 * and turned into memcached's line format only after the lock is released ({@link #render}). The key source array
 * never changes once captured (an item's data, or a private copy). Immutable; thread-safe.
 *
 * <p>Internal, not API.
 */
public final class WatchEvent {

    enum Kind {
        ITEM_GET,
        ITEM_STORE,
        EVICTION,
        DELETED,
        FLUSH_ALL,
        CONN_NEW,
        CONN_CLOSE
    }

    /** memcached's {@code item_get} statuses. */
    static final String[] GET_STATUS = {"not_found", "found", "flushed", "expired"};

    final Kind kind;
    final int flag;
    final long gid;
    final long micros;
    private final byte[] key;
    private final int keyLength;
    /** The status (store and get), or the transport-free reason of a closed connection. */
    private final String status;
    /** The command, or for connection events the remote address. */
    private final String cmd;
    /** ttl for stores and evictions, delay for flush_all, remote port for connection events. */
    private final long ttl;

    private final long lastAccessAge;
    private final int clsid;
    private final int cfd;
    private final int size;
    private final boolean fetched;

    WatchEvent(
            Kind kind,
            int flag,
            long gid,
            long micros,
            byte[] key,
            int keyLength,
            String status,
            String cmd,
            long ttl,
            long lastAccessAge,
            int clsid,
            int cfd,
            int size,
            boolean fetched) {
        this.kind = kind;
        this.flag = flag;
        this.gid = gid;
        this.micros = micros;
        this.key = key;
        this.keyLength = keyLength;
        this.status = status;
        this.cmd = cmd;
        this.ttl = ttl;
        this.lastAccessAge = lastAccessAge;
        this.clsid = clsid;
        this.cfd = cfd;
        this.size = size;
        this.fetched = fetched;
    }

    /** @return the line memcached would write, ending in a bare {@code \n} as memcached's do */
    byte[] render() {
        StringBuilder b = new StringBuilder(160);
        // memcached prints the microseconds without leading zeros ("%lld.%d").
        b.append("ts=").append(micros / 1_000_000).append('.').append(micros % 1_000_000);
        b.append(" gid=").append(gid);
        switch (kind) {
            case ITEM_GET -> {
                b.append(" type=item_get key=");
                uriEncode(b);
                b.append(" status=").append(status);
                classConnectionSize(b);
            }
            case ITEM_STORE -> {
                b.append(" type=item_store key=");
                uriEncode(b);
                b.append(" status=").append(status).append(" cmd=").append(cmd);
                // memcached subtracts the current time from the expiry and prints it unsigned.
                b.append(" ttl=").append(Integer.toUnsignedString((int) ttl));
                classConnectionSize(b);
            }
            case EVICTION -> {
                b.append(" type=eviction key=");
                uriEncode(b);
                b.append(" fetch=").append(fetched ? "yes" : "no");
                b.append(" ttl=").append(ttl).append(" la=").append(lastAccessAge);
                b.append(" clsid=").append(clsid).append(" size=").append(size);
            }
            case DELETED -> {
                b.append(" type=deleted key=");
                uriEncode(b);
                b.append(" cmd=")
                        .append(cmd)
                        .append(" clsid=")
                        .append(clsid)
                        .append(" size=")
                        .append(size);
            }
            case FLUSH_ALL ->
                b.append(" type=flush_all delay=").append(ttl).append(" cfd=").append(cfd);
            case CONN_NEW ->
                b.append(" type=conn_new rip=")
                        .append(cmd)
                        .append(" rport=")
                        .append(ttl)
                        .append(" transport=tcp cfd=")
                        .append(cfd);
            case CONN_CLOSE ->
                b.append(" type=conn_close rip=")
                        .append(cmd)
                        .append(" rport=")
                        .append(ttl)
                        .append(" transport=tcp reason=")
                        .append(status)
                        .append(" cfd=")
                        .append(cfd);
        }
        b.append('\n');
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** memcached's {@code uriencode}: letters, digits and {@code - . _ ~} stay, every other byte becomes %XX. */
    private void uriEncode(StringBuilder b) {
        for (int i = 0; i < keyLength; i++) {
            int c = key[i] & 0xff;
            if (Ascii.uriSafe(c)) {
                b.append((char) c);
            } else {
                b.append('%').append((char) Ascii.HEX[c >>> 4]).append((char) Ascii.HEX[c & 15]);
            }
        }
    }

    /** The common end of item lines: {@code clsid= cfd= size=}. */
    private void classConnectionSize(StringBuilder b) {
        b.append(" clsid=")
                .append(clsid)
                .append(" cfd=")
                .append(cfd)
                .append(" size=")
                .append(size);
    }
}
