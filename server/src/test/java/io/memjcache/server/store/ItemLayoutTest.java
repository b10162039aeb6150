package io.memjcache.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.ServerConfig;
import io.memjcache.server.net.ServerContext;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * What an {@link Item} holds of the heap, read from the JVM's own class histogram (the diagnostic command behind
 * {@code jcmd GC.class_histogram}): the object stays at 48 bytes, and {@link Item#heapCost()}, which the memory limit
 * counts, covers the object and its array as the JVM lays them out. Also the packed fields' ranges.
 */
class ItemLayoutTest {

    private static final String ITEM_CLASS = Item.class.getName();
    private static final java.util.regex.Pattern HISTOGRAM_ROW =
            java.util.regex.Pattern.compile("\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*");

    @Test
    void itemObjectTakesFortyEightBytesAndHeapCostCoversItAndItsArray() throws Exception {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(new Item(new byte[16], 14, 0, 0, i, 0));
        }
        long[] histogram = histogramOf(ITEM_CLASS);
        long objectBytes = histogram[1] / histogram[0];
        assertTrue(histogram[0] >= items.size(), "instances " + histogram[0]);
        assertEquals(48, objectBytes, "bytes per item object");
        long arrayBytes = (16 + 16 + 7) & ~7; // array header and 16 bytes, aligned
        assertTrue(
                items.get(0).heapCost() >= objectBytes + arrayBytes,
                "heap cost " + items.get(0).heapCost() + " of an item using " + (objectBytes + arrayBytes));
    }

    @Test
    void hashTableGrowsOnlyPastOneAndAHalfItemsASlot() {
        ServerContext server = new ServerContext(ServerConfig.builder().port(0).build(), System.err);
        StoreSegment segment = server.store.segment(0);
        int initial = segment.slots();
        segment.lock();
        try {
            for (int i = 0; i < initial * 3 / 2; i++) {
                segment.link(new Item(new byte[] {(byte) i, (byte) (i >> 8), '\r', '\n'}, 2, 0, 0, i, 0), null);
            }
            assertEquals(initial, segment.slots(), "one and a half items a slot still fit");
            segment.link(new Item(new byte[] {'x', 'y', 'z', '\r', '\n'}, 3, 0, 0, 0, 0), null);
            assertEquals(2 * initial, segment.slots(), "one more item doubles the table");
        } finally {
            segment.unlock();
        }
        // The bytes of table and ring an item is counted for cover its slots at the lowest loads after growing: 3/4
        // for the table, 2/3 for the ring.
        assertTrue(Item.heapCost(0) - ((16 + 7) & ~7) - 48 >= 4.0 * 4 / 3 + 4.0 * 3 / 2, "table and ring shares");
    }

    @Test
    void timesAreUnsignedThirtyTwoBitSecondsClampedAtTheEnds() {
        long after2038 = (1L << 31) + 5;
        Item item = new Item(new byte[4], 2, 0, after2038, 1, after2038 - 1);
        assertEquals(after2038, item.expiresAt());
        assertEquals(after2038 - 1, item.lastAccess());
        item.setExpiresAt(1L << 40);
        assertEquals(0xFFFF_FFFFL, item.expiresAt(), "beyond 2106: the last second 32 bits hold");
        item.touch(-3);
        assertEquals(0, item.lastAccess());
    }

    @Test
    void bitsAreSetOneByOneOrAllAtOnce() {
        Item item = new Item(new byte[4], 2, 0, 0, 1, 0);
        item.mark(Item.FETCHED);
        item.mark(Item.KEY_BINARY);
        assertEquals(Item.FETCHED | Item.KEY_BINARY, item.bits());
        item.setBits(Item.STALE);
        assertTrue(item.has(Item.STALE));
        assertEquals(Item.STALE, item.bits());
        assertEquals(2, item.keyLength());
    }

    /** @return instances and bytes of the class among live objects, from the JVM's class histogram */
    private static long[] histogramOf(String className) throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer()
                .invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "gcClassHistogram",
                        new Object[] {new String[0]},
                        new String[] {String[].class.getName()});
        for (String line : histogram.lines().toList()) {
            // " 2:       1000000       56000000  io.memjcache.server.store.Item"
            java.util.regex.Matcher row = HISTOGRAM_ROW.matcher(line);
            if (row.matches() && row.group(3).equals(className)) {
                return new long[] {Long.parseLong(row.group(1)), Long.parseLong(row.group(2))};
            }
        }
        throw new AssertionError("no " + className + " in the class histogram:\n" + histogram);
    }
}
