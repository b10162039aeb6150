package io.memjcache.server.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One {@code watch} connection's queue of lines, bounded like memcached's per-watcher buffer (256 KB): a line that
 * does not fit, with memcached's 128 bytes of headroom, is dropped and counted, and once there is room again the next
 * line is preceded by {@code skipped=N}. Producers are any threads; the connection drains it on its own thread,
 * woken through the {@code wake} action at most once until it has drained ({@link #drainStarted()}).
 *
 * <p>Thread-safe. No method returns null except {@link #poll()} on an empty queue.
 *
 * <p>Internal, not API.
 */
public final class Watcher {

    /** memcached's {@code LOGGER_WATCHER_BUF_SIZE}. */
    public static final int BUFFER_BYTES = 256 * 1024;
    /** memcached asks for a line's length plus this much, room for a {@code skipped=} line in front of it. */
    private static final int HEADROOM = 128;

    final int flags;
    final long minGid;
    private final Runnable wake;
    private final AtomicBoolean woken = new AtomicBoolean();

    private final ArrayDeque<byte[]> lines = new ArrayDeque<>();
    /** Guarded by this. */
    private int bufferedBytes;
    /** Lines dropped since the last one delivered; guarded by this. */
    private long skipped;

    Watcher(int flags, long minGid, Runnable wake) {
        this.flags = flags;
        this.minGid = minGid;
        this.wake = wake;
    }

    /** @return false if the line was dropped for want of room */
    boolean offer(byte[] line) {
        synchronized (this) {
            if (bufferedBytes + line.length + HEADROOM > BUFFER_BYTES) {
                skipped++;
                return false;
            }
            if (skipped > 0) {
                byte[] notice = ("skipped=" + skipped + "\n").getBytes(StandardCharsets.US_ASCII);
                lines.add(notice);
                bufferedBytes += notice.length;
                skipped = 0;
            }
            lines.add(line);
            bufferedBytes += line.length;
        }
        if (woken.compareAndSet(false, true)) {
            wake.run();
        }
        return true;
    }

    /** Called by the connection before it drains: lines offered from now on wake it again. */
    public void drainStarted() {
        woken.set(false);
    }

    /** @return the oldest queued line, or null if none is waiting */
    public synchronized byte @org.jspecify.annotations.Nullable [] poll() {
        byte[] line = lines.poll();
        if (line != null) {
            bufferedBytes -= line.length;
        }
        return line;
    }

    /** @return bytes queued and not yet taken by the connection */
    public synchronized int bufferedBytes() {
        return bufferedBytes;
    }
}
