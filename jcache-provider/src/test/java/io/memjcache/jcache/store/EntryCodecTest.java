package io.memjcache.jcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EntryCodecTest {

    @Test
    void roundTripsEveryField() {
        StoredEntry entry = new StoredEntry(
                42, 1_700_000_000_123L, "key".getBytes(StandardCharsets.UTF_8), new byte[] {0, 1, 2, (byte) 255});
        byte[] encoded = EntryCodec.encode(entry);
        assertEquals(EntryCodec.FORMAT, encoded[0]);
        assertEquals(entry, EntryCodec.decode(encoded).orElseThrow());
    }

    @Test
    void emptyValueAndEternalDeadlineRoundTrip() {
        StoredEntry entry = new StoredEntry(0, StoredEntry.ETERNAL, new byte[] {7}, new byte[0]);
        assertEquals(entry, EntryCodec.decode(EntryCodec.encode(entry)).orElseThrow());
    }

    @Test
    void foreignOrTruncatedBytesAreNotAnEntry() {
        assertTrue(EntryCodec.decode("5".getBytes(StandardCharsets.US_ASCII)).isEmpty(), "a counter's digits");
        byte[] encoded = EntryCodec.encode(new StoredEntry(1, 2, new byte[10], new byte[10]));
        assertTrue(EntryCodec.decode(Arrays.copyOf(encoded, 25)).isEmpty(), "key cut short");
        byte[] otherFormat = encoded.clone();
        otherFormat[0] = 9;
        assertTrue(EntryCodec.decode(otherFormat).isEmpty());
    }
}
