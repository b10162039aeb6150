package io.memjcache.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The {@link ClockRing} on its own: the hand wrapping around the array, a sweep over items that are all referenced,
 * and millions of random operations against a plain list that moves a referenced item to the end when it comes
 * first (the recency-list rule the ring replaces), which must give the same order and the same victims.
 */
class ClockRingTest {

    private final ClockRing ring = new ClockRing();

    @Test
    void theNewestWrapsToTheStartOfTheArrayAndTheOrderFollowsIt() {
        List<Item> items = items(20);
        for (int i = 0; i < 16; i++) {
            ring.add(items.get(i));
        }
        for (int i = 0; i < 4; i++) {
            assertSame(items.get(i), ring.oldest());
            ring.remove(items.get(i));
        }
        for (int i = 16; i < 20; i++) {
            ring.add(items.get(i));
        }
        assertEquals(16, ring.capacity(), "room was left behind the hand: no copy");
        assertEquals(0, items.get(16).ringSlot, "the newest wrapped to the first slot");
        assertEquals(items.subList(4, 20), order());
        // Referenced at the last slot of the array: the hand moves it to the newest end, past the wrap.
        items.get(15).mark(Item.ACTIVE);
        for (int i = 4; i < 15; i++) {
            assertSame(items.get(i), ring.oldest());
            ring.remove(items.get(i));
        }
        assertSame(items.get(16), ring.oldest(), "the referenced item was passed");
        assertFalse(items.get(15).has(Item.ACTIVE), "and its bit cleared");
        assertEquals(List.of(items.get(16), items.get(17), items.get(18), items.get(19), items.get(15)), order());
    }

    @Test
    void aSweepOverItemsThatAreAllReferencedClearsEveryBitOnceAndKeepsTheOrder() {
        List<Item> items = items(100);
        for (Item item : items) {
            ring.add(item);
            item.mark(Item.ACTIVE);
        }
        assertSame(items.get(0), ring.oldest(), "after a full turn the oldest is oldest again");
        for (Item item : items) {
            assertFalse(item.has(Item.ACTIVE), "each bit cleared by the sweep");
        }
        assertEquals(items, order());
        ring.remove(items.get(0));
        assertSame(items.get(1), ring.oldest(), "no second turn: the next one goes next");
    }

    @Test
    void anEmptyRingHasNoOldestAndAFullOneOfHolesCompactsToItsItems() {
        assertNull(ring.oldest());
        List<Item> items = items(16);
        items.forEach(ring::add);
        for (int i = 0; i < 16; i += 2) {
            ring.remove(items.get(i + 1));
        }
        Item extra = items(1).get(0);
        ring.add(extra);
        assertEquals(16, ring.capacity(), "eight items in a ring of at least sixteen slots");
        List<Item> expected = new ArrayList<>();
        for (int i = 0; i < 16; i += 2) {
            expected.add(items.get(i));
        }
        expected.add(extra);
        assertEquals(expected, order());
        assertEquals(9, ring.size());
    }

    @Test
    void millionsOfRandomOperationsGiveTheOrderAndVictimsOfARecencyListWithSecondChances() {
        Random random = new Random(42);
        List<Item> pool = items(200);
        List<Item> model = new ArrayList<>();
        boolean[] linked = new boolean[pool.size()];
        boolean[] referenced = new boolean[pool.size()];
        int evictions = 0;
        for (int op = 0; op < 2_000_000; op++) {
            int index = random.nextInt(pool.size());
            Item item = pool.get(index);
            int kind = random.nextInt(10);
            if (kind < 4 && !linked[index]) {
                ring.add(item);
                model.add(item);
                linked[index] = true;
            } else if (kind < 6 && linked[index]) {
                ring.remove(item);
                model.remove(item);
                linked[index] = false;
                referenced[index] = false;
                item.clear(Item.ACTIVE);
            } else if (kind < 8 && linked[index]) {
                item.mark(Item.ACTIVE);
                referenced[index] = true;
            } else if (!model.isEmpty()) {
                // The model's rule, on a list: a referenced first item loses its mark and goes last, once.
                for (int moved = 0; moved < model.size() && referenced[id(model.get(0))]; moved++) {
                    Item first = model.remove(0);
                    referenced[id(first)] = false;
                    model.add(first);
                }
                Item expected = model.remove(0);
                assertSame(expected, ring.oldest(), "victim at operation " + op);
                ring.remove(expected);
                linked[id(expected)] = false;
                evictions++;
            }
            assertEquals(model.size(), ring.size());
            if (op % 20_000 == 0) {
                assertEquals(model, order(), "order at operation " + op);
            }
        }
        assertEquals(model, order());
        assertTrue(evictions > 300_000, "evictions " + evictions);
    }

    /** The index of a pooled item in {@link #items}, which its key holds. */
    private static int id(Item item) {
        return (item.data[0] & 0xff) | (item.data[1] & 0xff) << 8;
    }

    private List<Item> order() {
        List<Item> order = new ArrayList<>();
        ring.forEach(order::add);
        return order;
    }

    private static List<Item> items(int count) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(new Item(new byte[] {(byte) i, (byte) (i >> 8), '\r', '\n'}, 2, 0, 0, i, 0));
        }
        return items;
    }
}
