package io.memjcache.jcache.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Placement of keys by the weighted ketama ring. */
class KetamaRingTest {

    private static final List<ServerAddress> THREE = List.of(
            ServerAddress.of("10.0.0.1", 11211),
            ServerAddress.of("10.0.0.2", 11211),
            ServerAddress.of("10.0.0.3", 11211));

    /** Uneven weights and a port other than the default. */
    private static final List<ServerAddress> MIXED = List.of(
            new ServerAddress("cache-a", 11211, 3),
            new ServerAddress("cache-b", 11211, 1),
            new ServerAddress("cache-c", 11211, 1),
            new ServerAddress("cache-d", 22122, 5),
            new ServerAddress("cache-e", 11211, 7));

    /**
     * With libmemcached's 160 points per server a server's share deviates from the mean by up to about 15%
     * (libmemcached places these keys identically), so the bound is 20% of a third: 8,000 to 12,000 keys of
     * 30,000, that is each share within 6.7 percentage points of a third.
     */
    @Test
    void thirtyThousandKeysSpreadEvenlyOverThreeServers() {
        List<List<String>> hostSets = List.of(
                List.of("10.0.0.1:11211", "10.0.0.2:11211", "10.0.0.3:11211"),
                List.of("127.0.0.1:11211", "127.0.0.1:11212", "127.0.0.1:11213"),
                List.of("cache1:11211", "cache2:11211", "cache3:11211"),
                List.of("127.0.0.1:40001", "127.0.0.1:40002", "127.0.0.1:40003"));
        for (List<String> hosts : hostSets) {
            List<ServerAddress> servers = new ArrayList<>();
            for (String host : hosts) {
                String[] parts = host.split(":", -1);
                servers.add(ServerAddress.of(parts[0], Integer.parseInt(parts[1])));
            }
            KetamaRing ring = KetamaRing.of(servers);
            assertEquals(3 * 160, ring.size());
            int[] counts = new int[3];
            for (int i = 0; i < 30_000; i++) {
                counts[ring.serverIndex("user:" + i)]++;
            }
            for (int count : counts) {
                assertTrue(Math.abs(count - 10_000) <= 2_000, hosts + ": " + List.of(counts[0], counts[1], counts[2]));
            }
        }
    }

    /**
     * An independent, deliberately plain rendition of libmemcached's weighted ketama (its update_continuum and
     * dispatch): per server floor(weight/total * 160/4 * n) * 4 points, four per MD5 digest of "host:port-i"
     * ("host-i" on port 11211), little-endian words; a key goes to the first point at or after the first
     * little-endian word of its MD5, wrapping around.
     */
    private static int libmemcachedPlacement(List<ServerAddress> servers, String key) {
        NavigableMap<Long, Integer> continuum = continuum(servers);
        Map.Entry<Long, Integer> owner = continuum.ceilingEntry(word(md5(key), 0));
        return (owner != null ? owner : continuum.firstEntry()).getValue();
    }

    /**
     * libmemcached's replica placement, as plainly: the owner, then the owners of the following points clockwise
     * (wrapping), skipping servers already taken.
     */
    private static List<Integer> libmemcachedReplicas(List<ServerAddress> servers, String key, int count) {
        NavigableMap<Long, Integer> continuum = continuum(servers);
        List<Integer> walk =
                new ArrayList<>(continuum.tailMap(word(md5(key), 0), true).values());
        walk.addAll(continuum.values());
        List<Integer> result = new ArrayList<>();
        for (int owner : walk) {
            if (result.size() < count && !result.contains(owner)) {
                result.add(owner);
            }
        }
        return result;
    }

    private static NavigableMap<Long, Integer> continuum(List<ServerAddress> servers) {
        TreeMap<Long, Integer> continuum = new TreeMap<>();
        int total = servers.stream().mapToInt(ServerAddress::weight).sum();
        for (int s = servers.size() - 1; s >= 0; s--) { // lower index wins a tie, as in libmemcached's qsort
            ServerAddress server = servers.get(s);
            float share = (float) server.weight() / (float) total;
            int points = (int) Math.floor(share * 160f / 4f * servers.size() + 0.0000000001F) * 4;
            for (int i = 0; i < points / 4; i++) {
                String name = server.port() == 11211
                        ? server.host() + "-" + i
                        : server.host() + ":" + server.port() + "-" + i;
                byte[] digest = md5(name);
                for (int word = 0; word < 4; word++) {
                    continuum.put(word(digest, word), s);
                }
            }
        }
        return continuum;
    }

    @Test
    void replicasAreTheNextDistinctServersClockwise() {
        for (List<ServerAddress> servers : List.of(THREE, MIXED)) {
            KetamaRing ring = KetamaRing.of(servers);
            for (int i = 0; i < 1_000; i++) {
                String key = "key:" + i;
                assertEquals(ring.serverIndex(key), ring.serverIndexes(key, 1)[0], "one replica is the owner alone");
                for (int count = 2; count <= servers.size(); count++) {
                    List<Integer> placed = new ArrayList<>();
                    for (int index : ring.serverIndexes(key, count)) {
                        placed.add(index);
                    }
                    assertEquals(libmemcachedReplicas(servers, key, count), placed, key + " x" + count);
                }
            }
        }
    }

    /** Pinned placements of two replicas on three servers: a change of the walk shows here first. */
    @Test
    void twoReplicasOnThreeServersArePinned() {
        KetamaRing ring = KetamaRing.of(THREE);
        int[][] expected = {
            {1, 0}, {1, 0}, {0, 2}, {2, 0}, {1, 2}, {0, 2}, {0, 2}, {0, 1}, {1, 0}, {0, 2}, {1, 0}, {1, 2}
        };
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], ring.serverIndexes("key:" + i, 2), "key:" + i);
        }
        assertThrows(IllegalArgumentException.class, () -> ring.serverIndexes("key:0", 4));
    }

    @Test
    void placementsMatchTheLibmemcachedAlgorithm() {
        List<List<ServerAddress>> configurations = List.of(
                THREE,
                List.of(
                        new ServerAddress("127.0.0.1", 11211, 1),
                        new ServerAddress("127.0.0.1", 11212, 2),
                        new ServerAddress("10.0.0.5", 11213, 1)),
                MIXED);
        for (List<ServerAddress> servers : configurations) {
            KetamaRing ring = KetamaRing.of(servers);
            for (int i = 0; i < 2_000; i++) {
                String key = "key:" + i;
                assertEquals(libmemcachedPlacement(servers, key), ring.serverIndex(key), key + " on " + servers);
            }
        }
    }

    /**
     * Placements reported by libmemcached 1.1.4 itself ({@code memcached_generate_hash} with
     * {@code MEMCACHED_BEHAVIOR_KETAMA_WEIGHTED}) for these servers, in this order: a cross-implementation check.
     */
    @Test
    void placementsAgreeWithLibmemcached() {
        int[] expectedMixed = {4, 4, 3, 3, 4, 3, 2, 0, 4, 3, 4, 0};
        List<ServerAddress> ports = List.of(
                new ServerAddress("127.0.0.1", 11211, 1),
                new ServerAddress("127.0.0.1", 11212, 2),
                new ServerAddress("10.0.0.5", 11213, 1));
        int[] expectedPorts = {1, 0, 0, 1, 2, 1, 0, 1, 0, 1, 1, 1};
        KetamaRing mixedRing = KetamaRing.of(MIXED);
        KetamaRing portsRing = KetamaRing.of(ports);
        for (int i = 0; i < expectedMixed.length; i++) {
            assertEquals(expectedMixed[i], mixedRing.serverIndex("key:" + i), "key:" + i);
            assertEquals(expectedPorts[i], portsRing.serverIndex("key:" + i), "key:" + i);
        }
    }

    @Test
    void weightsShiftTheShares() {
        KetamaRing ring = KetamaRing.of(List.of(new ServerAddress("a", 11211, 1), new ServerAddress("b", 11211, 3)));
        int onHeavy = 0;
        for (int i = 0; i < 20_000; i++) {
            onHeavy += ring.serverIndex("k" + i);
        }
        assertTrue(onHeavy > 13_500 && onHeavy < 16_500, "about three quarters on the heavy server: " + onHeavy);
    }

    @Test
    void addingAFourthServerMovesAboutAQuarterOfTheKeys() {
        List<ServerAddress> four = new ArrayList<>(THREE);
        four.add(ServerAddress.of("10.0.0.4", 11211));
        KetamaRing before = KetamaRing.of(THREE);
        KetamaRing after = KetamaRing.of(four);
        int moved = 0;
        int keys = 30_000;
        for (int i = 0; i < keys; i++) {
            String key = "user:" + i;
            int was = before.serverIndex(key);
            int now = after.serverIndex(key);
            if (was != now) {
                moved++;
                assertEquals(3, now, "a key only ever moves to the new server");
            }
        }
        double share = (double) moved / keys;
        assertTrue(share > 0.18 && share < 0.32, "moved share " + share);
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static long word(byte[] digest, int index) {
        long value = 0;
        for (int b = 3; b >= 0; b--) {
            value = (value << 8) | (digest[index * 4 + b] & 0xFF);
        }
        return value;
    }
}
