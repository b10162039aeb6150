package io.memjcache.server.store;

import static io.memjcache.server.store.ItemStoreTest.LIMIT;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.stats.ServerStats;
import io.memjcache.server.testsupport.MutableClock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A million random sets, deletes and hits, with evictions, on one stripe of an {@link ItemStore}, against a plain
 * model: a map in eviction order where a hit item that comes first goes last once, and the memory limit counted in
 * {@link Item#heapCost}. The memory used, the item count and the statistics must never drift from it, and the same
 * keys must be evicted. Time is a {@link MutableClock}; nothing expires.
 */
class EvictionModelTest {

    private final MutableClock clock = new MutableClock();
    private final ServerStats stats = new ServerStats();
    private final ItemStore store = new ItemStore(LIMIT, clock, stats);
    private final List<String> keys = ItemStoreTest.keysInOneSegment(store, 150);

    /** Key to heap cost, first the next to evict. */
    private final Map<String, Long> model = new LinkedHashMap<>();

    private final Set<String> referenced = new HashSet<>();
    private long modelUsed;
    private long modelEvictions;

    @Test
    void aMillionRandomOperationsKeepMemoryCountAndVictimsOfTheModel() {
        Random random = new Random(7);
        for (int op = 0; op < 1_000_000; op++) {
            String key = keys.get(random.nextInt(keys.size()));
            int kind = random.nextInt(10);
            if (kind < 5) {
                int valueLength = random.nextInt(2000);
                set(key, Item.heapCost(key.length() + valueLength + 2));
                ItemStoreTest.put(store, key, valueLength, 0);
            } else if (kind < 7) {
                Long cost = model.remove(key);
                if (cost != null) {
                    modelUsed -= cost;
                }
                referenced.remove(key);
                delete(key);
            } else if (ItemStoreTest.read(store, key) != null) {
                assertTrue(model.containsKey(key), key + " is in the store, not in the model");
                referenced.add(key);
            } else {
                assertTrue(!model.containsKey(key), key + " is in the model, not in the store");
            }
            assertEquals(modelUsed, store.usedBytes(), "memory used after operation " + op);
            assertEquals(model.size(), store.currentItems(), "items after operation " + op);
        }
        assertEquals(modelEvictions, stats.evictions.sum());
        assertEquals(model.size(), stats.currItems.sum());
        assertTrue(modelEvictions > 100_000, "evictions " + modelEvictions);
        List<String> order = new ArrayList<>();
        StoreSegment segment = store.segment(ItemStoreTest.key(store, keys.get(0)).hash);
        segment.lock();
        try {
            segment.forEachOldestFirst(item -> order.add(new String(item.data, 0, item.keyLength(), ISO_8859_1)));
        } finally {
            segment.unlock();
        }
        assertEquals(new ArrayList<>(model.keySet()), order, "eviction order");
    }

    /** What a set does to the model: evict until the new item fits beside the old one, then replace it. */
    private void set(String key, long cost) {
        while (modelUsed + cost > LIMIT) {
            for (int moved = 0; moved < model.size(); moved++) {
                String first = model.keySet().iterator().next();
                if (!referenced.remove(first)) {
                    break;
                }
                model.put(first, model.remove(first));
            }
            String victim = model.keySet().iterator().next();
            modelUsed -= model.remove(victim);
            modelEvictions++;
        }
        Long old = model.remove(key);
        if (old != null) {
            modelUsed -= old;
        }
        referenced.remove(key);
        model.put(key, cost);
        modelUsed += cost;
    }

    private void delete(String key) {
        KeyBuffer k = ItemStoreTest.key(store, key);
        StoreSegment segment = store.segment(k.hash);
        segment.lock();
        try {
            Item item = store.live(segment, k, store.now(), false);
            if (item != null) {
                store.unlink(segment, item, WatchCmd.DELETE);
            }
        } finally {
            segment.unlock();
        }
    }
}
