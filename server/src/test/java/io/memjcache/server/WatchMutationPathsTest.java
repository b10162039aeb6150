package io.memjcache.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.MutableClock;
import io.memjcache.server.testsupport.TextConnection;
import io.memjcache.server.testsupport.WatchStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every way an item can change is visible to a watcher of {@code mutations deletions evictions}: the contract that
 * cross-JVM invalidation relies on. Each step runs one request and waits (with a deadline) for its line.
 */
class WatchMutationPathsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final MutableClock clock = new MutableClock();
    private MemcachedServer server;
    private TextConnection conn;
    private WatchStream watch;

    @BeforeEach
    void start() throws IOException {
        server = MemcachedServer.start(
                ServerConfig.builder().port(0).clock(clock).build());
        watch = WatchStream.open(server.address(), "mutations deletions evictions");
        conn = new TextConnection(server.address());
    }

    @AfterEach
    void stop() throws IOException {
        if (watch != null) {
            watch.close();
        }
        if (conn != null) {
            conn.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyStorageCommandIsLogged() throws IOException {
        expect("set k1 0 0 1\r\na", "STORED", "type=item_store key=k1 status=stored cmd=set ");
        expect("add k2 0 0 1\r\nb", "STORED", "type=item_store key=k2 status=stored cmd=add ");
        expect("replace k1 0 0 2\r\naa", "STORED", "type=item_store key=k1 status=stored cmd=replace ");
        expect("append k1 0 0 1\r\nz", "STORED", "type=item_store key=k1 status=stored cmd=append ");
        expect("prepend k1 0 0 1\r\ny", "STORED", "type=item_store key=k1 status=stored cmd=prepend ");
        conn.send("gets k1");
        String[] header = conn.line().split(" ", -1);
        String cas = header[header.length - 1];
        conn.bytes(6);
        assertEquals("END", conn.line());
        expect("cas k1 0 0 1 " + cas + "\r\nc", "STORED", "type=item_store key=k1 status=stored cmd=cas ");
        expect("ms k3 1\r\nm", "HD", "type=item_store key=k3 status=stored cmd=set ");
        expect("ms k3 1 MA\r\nn", "HD", "type=item_store key=k3 status=stored cmd=append ");
        expect("ms k4 1 ME\r\no", "HD", "type=item_store key=k4 status=stored cmd=add ");
    }

    @Test
    void countersAreLoggedWhetherChangedInPlaceOrCreated() throws IOException {
        expect("set n 0 0 1\r\n5", "STORED", "key=n status=stored cmd=set ");
        expect("incr n 1", "6", "type=item_store key=n status=stored cmd=incr ttl=0 clsid=1 cfd=");
        expect("decr n 2", "4", "type=item_store key=n status=stored cmd=decr ");
        expect("incr n 100", "104", "type=item_store key=n status=stored cmd=incr ");
        expect("ma c N0", "HD", "type=item_store key=c status=stored cmd=add ");
        expect("ma c", "HD", "type=item_store key=c status=stored cmd=incr ");
        expect("mg v N30 s", "HD s0 W", "type=item_store key=v status=stored cmd=add ");
    }

    @Test
    void everyRemovalIsLogged() throws IOException {
        conn.call("set d1 0 0 1\r\na");
        conn.call("set d2 0 0 2\r\nab");
        conn.call("set d3 0 0 3\r\nabc");
        conn.call("set d4 0 0 4\r\nabcd");
        expect("delete d1", "DELETED", "type=deleted key=d1 cmd=delete clsid=1 size=1");
        expect("md d2", "HD", "type=deleted key=d2 cmd=md clsid=1 size=2");
        expect("md d3 I", "HD", "type=deleted key=d3 cmd=md clsid=1 size=3");
        // A set refused for its size drops the old value, as memcached does: a change readers must hear of.
        conn.send("set d4 0 0 2000000");
        conn.write(out -> out.write(new byte[2_000_002]));
        assertEquals("SERVER_ERROR object too large for cache", conn.line());
        awaitLine("type=deleted key=d4 cmd=set clsid=1 size=4");
    }

    @Test
    void expiryAndFlushAreLoggedWhenTheItemsGo() throws IOException {
        conn.call("set e 0 10 1\r\na");
        conn.call("set f 0 0 1\r\nb");
        clock.advanceSeconds(10);
        // Either the background sweep or this read reclaims it; both report it.
        conn.get("e");
        awaitLine("type=deleted key=e cmd=expired clsid=1 size=1");
        expect("flush_all", "OK", "type=flush_all delay=0 cfd=");
        conn.get("f");
        awaitLine("type=deleted key=f cmd=flushed clsid=1 size=1");
    }

    @Test
    void evictionsAreLoggedInMemcachedsFormat() throws IOException {
        server.close();
        server = MemcachedServer.start(ServerConfig.builder()
                .port(0)
                .clock(clock)
                .memoryLimitBytes(256 * 1024)
                .maxItemSize(64 * 1024)
                .build());
        watch.close();
        watch = WatchStream.open(server.address(), "evictions");
        conn.close();
        conn = new TextConnection(server.address());
        byte[] value = new byte[1000];
        for (int i = 0; i < 600; i++) {
            conn.send("set ev" + i + " 0 0 1000");
            conn.write(out -> {
                out.write(value);
                out.write(new byte[] {'\r', '\n'});
            });
            assertEquals("STORED", conn.line());
        }
        List<String> lines = watch.until(l -> l.contains("type=eviction"), PATIENCE);
        String line = lines.get(lines.size() - 1);
        assertTrue(
                line.matches(
                        "ts=[0-9]+\\.[0-9]+ gid=[0-9]+ type=eviction key=ev[0-9]+ fetch=no ttl=-1 la=0 clsid=[0-9]+ size=1000"),
                line);
    }

    @Test
    void watchersAreCountedAndWatchCanBeDisabled() throws IOException {
        assertEquals("1", conn.stats().get("log_watchers"));
        try (MemcachedServer noWatch = MemcachedServer.start(
                        ServerConfig.builder().port(0).watchEnabled(false).build());
                TextConnection other = new TextConnection(noWatch.address())) {
            assertEquals("CLIENT_ERROR watch commands not allowed", other.call("watch mutations"));
        }
        watch.close();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!conn.stats().get("log_watchers").equals("0")) {
            assertTrue(System.nanoTime() < deadline, "the closed watcher is still counted");
            Thread.onSpinWait();
        }
    }

    private void expect(String request, String answer, String line) throws IOException {
        assertEquals(answer, conn.call(request), request);
        awaitLine(line);
    }

    private void awaitLine(String fragment) throws IOException {
        List<String> lines = watch.until(l -> l.contains(fragment), PATIENCE);
        assertTrue(lines.get(lines.size() - 1).startsWith("ts="), lines.toString());
    }
}
