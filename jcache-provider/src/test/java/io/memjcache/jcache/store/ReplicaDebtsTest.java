package io.memjcache.jcache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.client.ClientConfig;
import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.MemcachedException;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.server.testsupport.ReferenceMemcached;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A replica that misses copies while it is silent (SIGSTOP) never serves the older copies it kept: once it
 * answers again, the copies it missed are made again before it is used (so it then serves the newest values even
 * with their owner dead), or, when it missed more than are kept, every copy on it is made stale (it then serves
 * nothing of those keys, rather than old values), whether it missed more copies or more bytes of them. Three real memcached processes, two replicas, the store's
 * replicated paths used directly.
 */
@Timeout(60)
class ReplicaDebtsTest {

    private static final int OWNER = 0;
    private static final int REPLICA = 1;
    private static final int KEYS = 6;
    /** Below memcached's default item size limit (1 MB) with the entry's header. */
    private static final int LARGE_VALUE = 900 * 1024;

    private final List<ReferenceMemcached> servers = new ArrayList<>();
    private MemcachedClient client;
    private CacheNamespace namespace;

    @BeforeEach
    void start() {
        List<ServerAddress> addresses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ReferenceMemcached server = ReferenceMemcached.start();
            servers.add(server);
            addresses.add(ServerAddress.of("127.0.0.1", server.port()));
        }
        Duration timeout = Duration.ofMillis(300);
        client = MemcachedClient.create(new ClientConfig(addresses, timeout, timeout, 4, timeout, timeout), 2);
        namespace = CacheNamespace.of("replica-debts", "cache");
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        servers.forEach(ReferenceMemcached::close);
    }

    @Test
    void missedCopiesAreMadeBeforeTheReplicaIsUsedAgain() {
        Replicas replicas = new Replicas(client, namespace, new GenerationCounters(client, namespace), 100);
        List<byte[]> keys = writeThenRewriteWhileTheReplicaIsSilent(replicas);
        for (byte[] key : keys) {
            StoredEntry entry = readOnceTheReplicaAnswers(replicas, key).entry();
            assertNotNull(entry, "the replica serves the copy it missed");
            assertArrayEquals(value("new"), entry.value());
        }
        assertTrue(client.replicationStats().replicaReads() >= KEYS);
    }

    @Test
    void aReplicaThatMissedMoreThanIsKeptServesNoneOfItsOldCopies() {
        Replicas replicas = new Replicas(client, namespace, new GenerationCounters(client, namespace), KEYS / 2);
        List<byte[]> keys = writeThenRewriteWhileTheReplicaIsSilent(replicas);
        for (byte[] key : keys) {
            assertNull(readOnceTheReplicaAnswers(replicas, key).entry(), "no old copy is served");
        }
    }

    @Test
    void aReplicaThatMissedMoreBytesThanAreKeptServesNoneOfItsOldCopies() {
        // Fewer copies than the count bound, but more bytes than ReplicaDebts.MAX_PENDING_BYTES.
        int count = (int) (ReplicaDebts.MAX_PENDING_BYTES / LARGE_VALUE) + 1;
        Replicas replicas = new Replicas(client, namespace, new GenerationCounters(client, namespace), 100);
        List<byte[]> keys = writeThenRewriteWhileTheReplicaIsSilent(replicas, count, LARGE_VALUE);
        for (byte[] key : keys) {
            assertNull(readOnceTheReplicaAnswers(replicas, key).entry(), "no old copy is served");
        }
    }

    /**
     * Writes "old" to keys owned by {@link #OWNER} and copied to {@link #REPLICA}, silences the replica, writes
     * "new", resumes the replica and kills the owner.
     */
    private List<byte[]> writeThenRewriteWhileTheReplicaIsSilent(Replicas replicas) {
        return writeThenRewriteWhileTheReplicaIsSilent(replicas, KEYS, 0);
    }

    /** As above, for {@code count} keys, each value padded to {@code size} bytes (if longer than it is). */
    private List<byte[]> writeThenRewriteWhileTheReplicaIsSilent(Replicas replicas, int count, int size) {
        List<byte[]> keys = keysOn(OWNER, REPLICA, count);
        for (byte[] key : keys) {
            write(replicas, key, padded("old", size));
        }
        servers.get(REPLICA).signal("STOP");
        try {
            for (byte[] key : keys) {
                write(replicas, key, padded("new", size));
            }
        } finally {
            servers.get(REPLICA).signal("CONT");
        }
        assertTrue(client.replicationStats().failures().keySet().stream().anyMatch(c -> c.startsWith("copy")));
        servers.get(OWNER).signal("KILL");
        return keys;
    }

    /** Reads {@code key}, waiting (spinning) out the retry delay of the resumed replica, which was marked down. */
    private Snapshot readOnceTheReplicaAnswers(Replicas replicas, byte[] key) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return replicas.read(namespace.entryKey(key), key);
            } catch (MemcachedException e) {
                assertTrue(System.nanoTime() < deadline, "the replica still fails: " + e.getMessage());
                Thread.onSpinWait();
            }
        }
    }

    private void write(Replicas replicas, byte[] key, byte[] value) {
        Snapshot previous = replicas.read(namespace.entryKey(key), key);
        StoredEntry entry = new StoredEntry(previous.generation(), StoredEntry.ETERNAL, key, value);
        assertNotNull(replicas.writeReturning(previous, entry, 0), "written");
    }

    private static byte[] value(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** @return {@code text}, followed by spaces up to {@code size} bytes */
    private static byte[] padded(String text, int size) {
        byte[] start = value(text);
        byte[] padded = Arrays.copyOf(start, Math.max(size, start.length));
        Arrays.fill(padded, start.length, padded.length, (byte) ' ');
        return padded;
    }

    /** @return {@code count} serialized keys whose servers are {@code owner}, then {@code replica} */
    private List<byte[]> keysOn(int owner, int replica, int count) {
        List<ServerAddress> wanted =
                List.of(client.servers().get(owner), client.servers().get(replica));
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count; i++) {
            byte[] key = value("key-" + i);
            if (client.replicaServers(namespace.entryKey(key)).equals(wanted)) {
                keys.add(key);
            }
        }
        return keys;
    }
}
