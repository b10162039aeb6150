package io.memjcache.jcache.near;

import io.memjcache.jcache.client.ServerAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A {@link NearInvalidations} that records every call with the time it came ({@link System#nanoTime()}), for tests
 * that wait for one with a deadline. Thread-safe; a test may extend it to act on a call (hold the caller up).
 */
class RecordingInvalidations implements NearInvalidations {

    /** One call: {@code key} for {@link #invalidate}, {@code server} for {@link #invalidateServer}. */
    record Call(String key, ServerAddress server, long atNanos) {}

    private static final ServerAddress NO_SERVER = ServerAddress.of("none", 1);

    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

    @Override
    public void invalidate(String memcachedKey) {
        calls.add(new Call(memcachedKey, NO_SERVER, System.nanoTime()));
    }

    @Override
    public void invalidateServer(ServerAddress server) {
        calls.add(new Call("", server, System.nanoTime()));
    }

    /**
     * @return the nanoTime of the first call for {@code key} made at or after {@code sinceNanos}
     * @throws AssertionError if none came within {@code patience}
     */
    long awaitKey(String key, long sinceNanos, Duration patience) {
        return await(call -> call.key().equals(key), sinceNanos, patience, "invalidate(" + key + ")");
    }

    /** As {@link #awaitKey}, for a call of {@link #invalidateServer} for {@code server}. */
    long awaitServer(ServerAddress server, long sinceNanos, Duration patience) {
        return await(call -> call.server().equals(server), sinceNanos, patience, "invalidateServer(" + server + ")");
    }

    /** @return the calls of {@link #invalidateServer} for {@code server} made at or after {@code sinceNanos} */
    List<Long> serverCalls(ServerAddress server, long sinceNanos) {
        List<Long> times = new ArrayList<>();
        for (Call call : calls) {
            if (call.server().equals(server) && call.atNanos() - sinceNanos >= 0) {
                times.add(call.atNanos());
            }
        }
        return times;
    }

    private long await(Predicate<Call> wanted, long sinceNanos, Duration patience, String what) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Long at = first(wanted, sinceNanos);
            if (at != null) {
                return at;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + " not called within " + patience);
            }
            LockSupport.parkNanos(50_000); // polling, not waiting out a time: the deadline above bounds it
        }
    }

    /** @return the nanoTime of the first call {@code wanted} made at or after {@code sinceNanos}, or null */
    @Nullable
    Long first(Predicate<Call> wanted, long sinceNanos) {
        for (Call call : calls) {
            if (call.atNanos() - sinceNanos >= 0 && wanted.test(call)) {
                return call.atNanos();
            }
        }
        return null;
    }
}
