package io.memjcache.jcache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;

/**
 * Fuzzes the entry format with arbitrary item bytes, as anyone who can write to memcached could plant them: decoding
 * answers an entry or "not an entry", never an exception or an allocation beyond the input, and an entry it answers
 * encodes back to exactly the same bytes. In {@code mvn verify} this runs once per seed input (regression mode,
 * inputs under {@code src/test/resources/.../EntryCodecFuzzTestInputs/decode}); see the README for a long run.
 */
class EntryCodecFuzzTest {

    @FuzzTest(maxDuration = "3m")
    void decode(byte[] item) {
        Optional<StoredEntry> entry = EntryCodec.decode(item);
        entry.ifPresent(decoded -> assertArrayEquals(item, EntryCodec.encode(decoded)));
    }
}
