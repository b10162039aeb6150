package io.memjcache.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.memjcache.server.ServerConfig;
import io.memjcache.server.testsupport.SplitInput;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Arbitrary bytes, cut into pieces at arbitrary points, fed to one connection's pipeline in an
 * {@link EmbeddedChannel}: no request may make the connection throw (the handler counts such defects in
 * {@link ServerContext#internalErrors}), the answer stays bounded by the input, and once the connection is gone no
 * output is still counted against the server's budget.
 *
 * <p>In CI each method replays its seed corpus ({@code RequestDecoderFuzzTestInputs/<method>/} under the test
 * resources: the compatibility scripts' requests). To fuzz, set {@code JAZZER_FUZZ=1} and run one method, e.g.
 * {@code JAZZER_FUZZ=1 mvn -o -pl server -am verify -Dtest='RequestDecoderFuzzTest#metaRequests'
 * -Dsurefire.failIfNoSpecifiedTests=false}, which fuzzes for the {@code maxDuration} below; findings are written
 * next to the seeds and then replayed by every run.
 */
class RequestDecoderFuzzTest {

    /** Most output a request can cause per byte of input (a {@code stats} of a few bytes answers about 2 KB). */
    private static final long OUTPUT_PER_INPUT_BYTE = 64 * 1024;

    private static final int MAX_PIECES = 16;

    // Dictionary entries are libFuzzer dictionary lines: bytes such as CR LF are written as \xNN escapes.
    @FuzzTest(maxDuration = "5m")
    @DictionaryEntries({
        "get ",
        "gets ",
        "gat ",
        "gats ",
        "set ",
        "add ",
        "replace ",
        "append ",
        "prepend ",
        "cas ",
        "incr ",
        "decr ",
        "touch ",
        "delete ",
        " noreply",
        "\\x0D\\x0A",
        " 0 0 ",
        "flush_all",
        "stats ",
        "lru_crawler metadump all",
        "verbosity ",
        "version",
        "quit",
        "cache_memlimit ",
        "slabs ",
        "GET / HTTP/1.1"
    })
    void textRequests(FuzzedDataProvider data) {
        feed(data);
    }

    @FuzzTest(maxDuration = "5m")
    @DictionaryEntries({
        "mg ",
        "ms ",
        "md ",
        "ma ",
        "mn",
        "me ",
        "\\x0D\\x0A",
        " v",
        " k",
        " c",
        " f",
        " t",
        " s",
        " q",
        " O",
        " N",
        " T",
        " R",
        " I",
        " E",
        " C",
        " M",
        " J",
        " D",
        " b",
        " h",
        " l",
        " u",
        " x",
        " S",
        " F"
    })
    void metaRequests(FuzzedDataProvider data) {
        feed(data);
    }

    private static void feed(FuzzedDataProvider data) {
        SplitInput split = SplitInput.consume(data, MAX_PIECES);
        byte[] input = split.bytes();
        int[] cuts = split.cuts();

        ServerContext server = new ServerContext(
                ServerConfig.builder().port(0).memoryLimitMegabytes(8).build(),
                new PrintStream(OutputStream.nullOutputStream()));
        EmbeddedChannel channel = new EmbeddedChannel(new ConnectionHandler(server, 1));
        long output = 0;
        int from = 0;
        for (int i = 0; i <= cuts.length && channel.isOpen(); i++) {
            int to = i < cuts.length ? cuts[i] : input.length;
            if (to > from) {
                channel.writeInbound(Unpooled.wrappedBuffer(input, from, to - from));
                channel.runPendingTasks();
                output += drain(channel);
                from = to;
            }
        }
        assertEquals(0, server.internalErrors.sum(), "a request made the connection throw");
        long bound = OUTPUT_PER_INPUT_BYTE * (input.length + 1);
        assertTrue(output <= bound, output + " bytes answered to " + input.length + " bytes of requests");
        channel.finishAndReleaseAll();
        assertEquals(0, server.output.queued(), "output still counted after the connection closed");
    }

    private static long drain(EmbeddedChannel channel) {
        long bytes = 0;
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            bytes += buf.readableBytes();
            buf.release();
        }
        return bytes;
    }
}
