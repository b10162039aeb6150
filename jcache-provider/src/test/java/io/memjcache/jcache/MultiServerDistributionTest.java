package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.memjcache.jcache.store.CacheNamespace;
import io.memjcache.server.MemcachedServer;
import io.memjcache.server.ServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three bundled servers behind one cache manager: entries put through the Cache API spread evenly over them, as
 * counted by each server's own {@code curr_items}.
 *
 * <p>Ketama's balance depends on the server names, which include the ports. Over random ephemeral port triples
 * the busiest or idlest server of this test's key set is off a third by more than 10% in about a quarter of the
 * cases and by up to ~24% in the worst (measured over 2,000 triples), so a 10% bound with ephemeral ports would be
 * flaky. The test therefore binds fixed ports from {@link #PORT_BASES}, below Linux's ephemeral range so no
 * outgoing connection holds them: every base was checked, for exactly this key set, to put each server within
 * 5% of a third, so whichever base is free the 10% assertion holds with margin and the outcome is deterministic.
 * What the test checks is that the provider really spreads entries by the ring over all configured servers (a
 * provider that used one server, or a skewed hash, fails it).
 */
@Timeout(120)
class MultiServerDistributionTest {

    private static final int ENTRIES = 30_000;
    private static final int PUT_BATCH = 500;
    private static final double TOLERANCE = 0.10;
    /** Each base b stands for the ports b, b + 1 and b + 2; tried in order until all three are free. */
    private static final int[] PORT_BASES = {26346, 24143, 30942, 22628, 26323, 21365};
    /** Part of every memcached key, so it is fixed: the key set (and so the balance) must not change per run. */
    private static final URI MANAGER_URI = URI.create("memjcache:multi-distribution");

    private static final String CACHE = "spread";

    private final List<MemcachedServer> servers = new ArrayList<>();
    private MemjcacheCachingProvider provider;

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        servers.forEach(MemcachedServer::close);
    }

    @Test
    void entriesSpreadEvenlyOverThreeServers() {
        startServersOnFixedPorts();
        Cache<String, String> cache = cache();

        Map<String, String> batch = new LinkedHashMap<>();
        for (int i = 0; i < ENTRIES; i++) {
            batch.put("key-" + i, "value-" + i);
            if (batch.size() == PUT_BATCH) {
                cache.putAll(batch);
                batch.clear();
            }
        }
        cache.putAll(batch);

        // Besides the entries, every server the cache has read holds its own generation counter: not an entry.
        String counterKey = CacheNamespace.of(MANAGER_URI, CACHE).generationKey();
        List<Long> counts = servers.stream()
                .map(s -> currItems(s.port()) - (holds(s.port(), counterKey) ? 1 : 0))
                .toList();
        assertEquals(
                ENTRIES,
                counts.stream().mapToLong(Long::longValue).sum(),
                "every entry is one item on exactly one server: " + counts);
        double third = ENTRIES / 3.0;
        for (int i = 0; i < counts.size(); i++) {
            double deviation = Math.abs(counts.get(i) - third) / third;
            assertTrue(
                    deviation <= TOLERANCE,
                    "server 127.0.0.1:" + servers.get(i).port() + " holds "
                            + counts.get(i) + " of " + ENTRIES + " items, " + Math.round(deviation * 100)
                            + "% off a third; all: " + counts);
        }
        // The items counted are the cache's entries, readable through the API from every server.
        Map<String, String> sample = cache.getAll(Set.of("key-0", "key-7777", "key-15000", "key-29999"));
        assertEquals(
                Map.of(
                        "key-0",
                        "value-0",
                        "key-7777",
                        "value-7777",
                        "key-15000",
                        "value-15000",
                        "key-29999",
                        "value-29999"),
                sample);
    }

    private Cache<String, String> cache() {
        provider = new MemjcacheCachingProvider();
        Properties properties = new Properties();
        properties.setProperty(
                "memjcache.servers",
                servers.stream().map(s -> "127.0.0.1:" + s.port()).collect(Collectors.joining(",")));
        MemjcacheCacheManager manager = (MemjcacheCacheManager)
                provider.getCacheManager(MANAGER_URI, getClass().getClassLoader(), properties);
        return manager.createCache(
                CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    }

    private void startServersOnFixedPorts() {
        List<String> busy = new ArrayList<>();
        for (int base : PORT_BASES) {
            try {
                for (int port = base; port < base + 3; port++) {
                    MemcachedServer server = MemcachedServer.start(ServerConfig.builder()
                            .listenAddress("127.0.0.1")
                            .port(port)
                            .build());
                    servers.add(server);
                    assertEquals(port, server.port(), "the server bound the port asked for");
                }
                return;
            } catch (IOException e) {
                busy.add(base + ": " + e.getMessage());
                servers.forEach(MemcachedServer::close);
                servers.clear();
            }
        }
        fail("no free port triple among the candidates: " + busy);
    }

    /** @return whether the server holds an item under {@code itemKey}: raw {@code mg <key>}, HD or EN */
    private static boolean holds(int port, String itemKey) {
        List<String> answer = request(port, "mg " + itemKey, 1);
        if (!answer.get(0).equals("HD") && !answer.get(0).equals("EN")) {
            throw new AssertionError("unexpected answer to mg " + itemKey + ": " + answer);
        }
        return answer.get(0).equals("HD");
    }

    /** @return the server's {@code curr_items}, read with a raw {@code stats} request */
    private static long currItems(int port) {
        for (String line : request(port, "stats", -1)) {
            String[] parts = line.split(" ", -1);
            if (parts.length == 3 && parts[1].equals("curr_items")) {
                return Long.parseLong(parts[2]);
            }
        }
        throw new AssertionError("no curr_items in the stats of 127.0.0.1:" + port);
    }

    /** @return the first {@code lines} answer lines, or all up to {@code END} when {@code lines} is negative */
    private static List<String> request(int port, String command, int lines) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            List<String> answer = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.equals("END"); line = in.readLine()) {
                answer.add(line);
                if (answer.size() == lines) {
                    break;
                }
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
