package io.memjcache.server.testsupport;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.Arrays;

/**
 * A fuzz test's request bytes and the points where they are cut into separate reads, so that a decoder meets
 * every way a stream can arrive in pieces.
 *
 * <p>Immutable by convention (the arrays are not copied; callers only read them); nothing is null.
 */
public final class SplitInput {

    private final byte[] bytes;
    private final int[] cuts;

    private SplitInput(byte[] bytes, int[] cuts) {
        this.bytes = bytes;
        this.cuts = cuts;
    }

    /** @return the request bytes */
    public byte[] bytes() {
        return bytes;
    }

    /** @return where reads end, ascending, each within {@link #bytes()} */
    public int[] cuts() {
        return cuts;
    }

    /**
     * Takes up to {@code maxPieces} cut points, then the rest of {@code data} as the bytes: the order in which the
     * seed corpora were written, so they keep their meaning.
     */
    public static SplitInput consume(FuzzedDataProvider data, int maxPieces) {
        int[] cuts = new int[data.consumeInt(0, maxPieces)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = data.consumeInt(0, Integer.MAX_VALUE);
        }
        byte[] bytes = data.consumeRemainingAsBytes();
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = bytes.length == 0 ? 0 : cuts[i] % bytes.length;
        }
        Arrays.sort(cuts);
        return new SplitInput(bytes, cuts);
    }
}
