package io.memjcache.server.store;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.ServerConfig;
import io.memjcache.server.command.DeleteOperation;
import io.memjcache.server.command.StoreMode;
import io.memjcache.server.command.StoreOperations;
import io.memjcache.server.command.StoreOperations.Outcome;
import io.memjcache.server.command.StoreOperations.Status;
import io.memjcache.server.net.ServerContext;
import io.memjcache.server.stats.ServerStats;
import io.memjcache.server.testsupport.MutableClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Unit tests of the storage engine without the network: {@link StoreOperations}' storage rules and the expiry and
 * flush_all rules of {@link ItemStore} (its memory limit, eviction and sweep are {@link ItemStoreMemoryTest}'s). Time
 * is a {@link MutableClock}, so nothing here waits. Its static helpers serve the other tests of the store too.
 */
class ItemStoreTest {

    static final long LIMIT = 64 * 1024;

    private final MutableClock clock = new MutableClock();
    private final ServerContext server = newServer(clock);
    private final ItemStore store = server.store;
    private final ServerStats stats = server.stats;

    // ---- StoreOperations: set, add, replace, cas, append, prepend, delete

    @Test
    void setStoresAndASecondSetReplacesWithANewCas() {
        Outcome first = store(StoreMode.SET, "k", "one", 0, 0);
        Outcome second = store(StoreMode.SET, "k", "two", 0, 0);
        assertEquals(Status.STORED, first.status());
        assertEquals(Status.STORED, second.status());
        assertNotEquals(first.cas(), second.cas());
        Item item = get("k");
        assertEquals("two", value(item));
        assertEquals(second.cas(), item.cas);
        assertEquals(1, store.currentItems());
        assertEquals(1, stats.currItems.sum());
    }

    @Test
    void addStoresOnlyWhenTheKeyIsAbsent() {
        assertEquals(Status.STORED, store(StoreMode.ADD, "k", "first", 0, 0).status());
        assertEquals(
                Status.NOT_STORED, store(StoreMode.ADD, "k", "second", 0, 0).status());
        assertEquals("first", value(get("k")));
    }

    @Test
    void addSucceedsOverAnExpiredItem() {
        store(StoreMode.SET, "k", "old", 5, 0);
        clock.advanceSeconds(5);
        assertEquals(Status.STORED, store(StoreMode.ADD, "k", "new", 0, 0).status());
        assertEquals("new", value(get("k")));
    }

    @Test
    void replaceStoresOnlyWhenTheKeyIsPresent() {
        assertEquals(Status.NOT_STORED, store(StoreMode.REPLACE, "k", "x", 0, 0).status());
        assertNull(get("k"));
        store(StoreMode.SET, "k", "x", 0, 0);
        assertEquals(Status.STORED, store(StoreMode.REPLACE, "k", "y", 0, 0).status());
        assertEquals("y", value(get("k")));
    }

    @Test
    void casStoresOnlyWithTheCurrentCasAndCountsHitsMissesAndBadValues() {
        assertEquals(Status.NOT_FOUND, store(StoreMode.CAS, "k", "x", 0, 12345).status());
        assertEquals(1, stats.casMisses.sum());

        long cas = store(StoreMode.SET, "k", "v1", 0, 0).cas();
        Outcome swapped = store(StoreMode.CAS, "k", "v2", 0, cas);
        assertEquals(Status.STORED, swapped.status());
        assertNotEquals(cas, swapped.cas());
        assertEquals(1, stats.casHits.sum());

        assertEquals(Status.EXISTS, store(StoreMode.CAS, "k", "v3", 0, cas).status(), "stale cas");
        assertEquals(1, stats.casBadval.sum());
        assertEquals("v2", value(get("k")));
    }

    @Test
    void appendAndPrependKeepFlagsAndExpiryAndNeedAnExistingItem() {
        assertEquals(Status.NOT_STORED, store(StoreMode.APPEND, "k", "x", 0, 0).status());
        assertEquals(Status.NOT_STORED, store(StoreMode.PREPEND, "k", "x", 0, 0).status());

        long cas = storeWithFlags("k", "mid", 42, 100).cas();
        long expiresAt = get("k").expiresAt();
        clock.advanceSeconds(3);
        assertEquals(Status.STORED, store(StoreMode.APPEND, "k", "-end", 0, 0).status());
        assertEquals(
                Status.STORED, store(StoreMode.PREPEND, "k", "start-", 0, 0).status());
        Item item = get("k");
        assertEquals("start-mid-end", value(item));
        assertEquals(42, item.clientFlags);
        assertEquals(expiresAt, item.expiresAt(), "append/prepend keep the expiry, whatever exptime they carry");
        assertNotEquals(cas, item.cas);
    }

    @Test
    void appendWithAStaleCasIsRefused() {
        long cas = store(StoreMode.SET, "k", "a", 0, 0).cas();
        store(StoreMode.SET, "k", "b", 0, 0);
        Outcome refused =
                server.commands.storage.store(0, key("k"), data("k", "c"), 0, 0, cas, StoreMode.APPEND, false, 0);
        assertEquals(Status.EXISTS, refused.status());
        assertEquals("b", value(get("k")));
    }

    @Test
    void appendBeyondTheItemSizeLimitIsNotStored() {
        String half = "x".repeat(9 * 1024);
        store(StoreMode.SET, "k", half, 0, 0);
        assertEquals(Status.NOT_STORED, store(StoreMode.APPEND, "k", half, 0, 0).status());
        assertEquals(half.length(), get("k").valueLength());
    }

    @Test
    void deleteRemovesALiveItemOnceAndCounts() {
        store(StoreMode.SET, "k", "v", 0, 0);
        long used = store.usedBytes();
        assertTrue(used > 0);
        assertEquals(DeleteOperation.Result.DELETED, server.commands.deletion.delete(key("k")));
        assertEquals(DeleteOperation.Result.NOT_FOUND, server.commands.deletion.delete(key("k")));
        assertNull(get("k"));
        assertEquals(0, store.usedBytes());
        assertEquals(1, stats.deleteHits.sum());
        assertEquals(1, stats.deleteMisses.sum());
    }

    // ---- expiry and flush_all

    @Test
    void expiryFromProtocolFollowsMemcachedsRealtimeRules() {
        long now = store.now();
        long thirtyDays = ItemStore.MAX_RELATIVE_EXPTIME;
        assertEquals(0, store.expiryFromProtocol(0, now), "0 never expires");
        assertTrue(store.isExpired(itemExpiringAt(store.expiryFromProtocol(-1, now)), now), "negative: expired");
        assertEquals(now + 1, store.expiryFromProtocol(1, now));
        assertEquals(now + thirtyDays, store.expiryFromProtocol(thirtyDays, now), "exactly 30 days is relative");
        long justOver = store.expiryFromProtocol(thirtyDays + 1, now);
        assertTrue(justOver != 0 && justOver <= now, "30 days + 1 s is an absolute time in 1970: already past");
        assertEquals(now + 3600, store.expiryFromProtocol(now + 3600, now), "absolute future time");
        long past = store.expiryFromProtocol(now - 3600, now);
        assertTrue(past != 0 && store.isExpired(itemExpiringAt(past), now), "absolute past time");
        long atStart = store.expiryFromProtocol(store.startedAt(), now);
        assertTrue(atStart != 0 && atStart <= now, "absolute time at server start");
    }

    @Test
    void anItemWithTtlTenIsLiveAtNineSecondsAndGoneAtTen() {
        store(StoreMode.SET, "k", "v", 10, 0);
        clock.advanceSeconds(9);
        assertNotNull(get("k"));
        clock.advanceSeconds(1);
        assertNull(get("k"));
        assertEquals(1, stats.getExpired.sum());
        assertEquals(0, store.usedBytes(), "the expired item was unlinked when found");
    }

    @Test
    void immediateFlushAllKillsEverythingStoredBeforeItButNotAfter() {
        store(StoreMode.SET, "a", "1", 0, 0);
        store(StoreMode.SET, "b", "2", 0, 0);
        store.flushAll(0, store.now(), 0);
        store(StoreMode.SET, "c", "3", 0, 0);
        assertNull(get("a"));
        assertNull(get("b"));
        assertEquals("3", value(get("c")), "an item set in the same second after the flush survives");
        assertEquals(2, stats.getFlushed.sum());
    }

    @Test
    void delayedFlushAllTakesEffectWhenItsTimeComes() {
        long start = store.now();
        store(StoreMode.SET, "before", "1", 0, 0);
        store.flushAll(5, start, 0);
        clock.advanceSeconds(3);
        assertNotNull(get("before"), "not yet at +3 s");
        store(StoreMode.SET, "during", "2", 0, 0);
        // memcached's oldest_live is realtime(5) - 1: items touched up to then die once the clock reaches it.
        clock.advanceSeconds(1);
        assertNull(get("before"));
        assertNull(get("during"), "items stored while the flush was pending die with it");
        clock.advanceSeconds(1);
        store(StoreMode.SET, "after", "3", 0, 0);
        clock.advanceSeconds(10);
        assertEquals("3", value(get("after")), "items stored after the flush time live on");
    }

    // ---- helpers

    /** A server context of {@link #LIMIT} bytes of items, up to 16 KiB each, on the given clock, never started. */
    static ServerContext newServer(MutableClock clock) {
        return new ServerContext(
                ServerConfig.builder()
                        .port(0)
                        .memoryLimitBytes(LIMIT)
                        .maxItemSize(16 * 1024)
                        .clock(clock)
                        .build(),
                System.err);
    }

    private Outcome store(StoreMode mode, String key, String value, long exptime, long casIn) {
        return storeWithFlags(mode, key, value, 0, exptime, casIn);
    }

    private Outcome storeWithFlags(String key, String value, int flags, long exptime) {
        return storeWithFlags(StoreMode.SET, key, value, flags, exptime, 0);
    }

    /** What a storage command does: reserve the memory first, then store under the stripe lock. */
    private Outcome storeWithFlags(StoreMode mode, String key, String value, int flags, long exptime, long casIn) {
        byte[] data = data(key, value);
        assertTrue(store.reserve(Item.heapCost(data.length)));
        return server.commands.storage.store(
                0, key(key), data, flags, store.expiryFromProtocol(exptime, store.now()), casIn, mode, false, 0);
    }

    private Item get(String key) {
        return read(store, key);
    }

    /** What a get does: the live item, marked fetched and bumped (flagged as hit) in its stripe's recency list. */
    static Item read(ItemStore target, String key) {
        KeyBuffer k = key(target, key);
        StoreSegment segment = target.segment(k.hash);
        segment.lock();
        try {
            long now = target.now();
            Item item = target.live(segment, k, now, true);
            if (item != null) {
                item.mark(Item.FETCHED);
                item.touch(now);
                segment.bump(item);
            }
            return item;
        } finally {
            segment.unlock();
        }
    }

    /** Links an item straight into a store, after reserving its memory, as a set does. */
    static void put(ItemStore target, String key, int valueLength, long exptime) {
        byte[] data = data(key, "v".repeat(valueLength));
        assertTrue(target.reserve(Item.heapCost(data.length)), "reserve for " + key);
        KeyBuffer k = key(target, key);
        long now = target.now();
        StoreSegment segment = target.segment(k.hash);
        segment.lock();
        try {
            Item old = target.live(segment, k, now, false);
            target.link(
                    segment,
                    new Item(data, k.length, 0, target.expiryFromProtocol(exptime, now), target.nextCas(), now),
                    old,
                    WatchCmd.SET,
                    0);
        } finally {
            segment.unlock();
        }
    }

    private KeyBuffer key(String key) {
        return key(store, key);
    }

    static KeyBuffer key(ItemStore target, String key) {
        KeyBuffer k = new KeyBuffer();
        byte[] bytes = key.getBytes(ISO_8859_1);
        System.arraycopy(bytes, 0, k.bytes, 0, bytes.length);
        k.rehash(bytes.length, target);
        return k;
    }

    /** Key, value and terminator in one array, the layout {@link Item} expects. */
    private static byte[] data(String key, String value) {
        return (key + value + "\r\n").getBytes(ISO_8859_1);
    }

    private static String value(Item item) {
        assertNotNull(item);
        return new String(item.data, item.keyLength(), item.valueLength(), ISO_8859_1);
    }

    private static Item itemExpiringAt(long expiresAt) {
        return new Item(data("k", "v"), 1, 0, expiresAt, 1, 0);
    }

    /** Keys of the same length that all land in one stripe of {@code target}. */
    static List<String> keysInOneSegment(ItemStore target, int count) {
        StoreSegment wanted = target.segment(key(target, "lru:0000000").hash);
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count; i++) {
            String candidate = String.format("lru:%07d", i);
            if (target.segment(key(target, candidate).hash) == wanted) {
                keys.add(candidate);
            }
        }
        return keys;
    }
}
