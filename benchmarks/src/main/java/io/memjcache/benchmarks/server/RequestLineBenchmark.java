package io.memjcache.benchmarks.server;

import io.memjcache.server.protocol.meta.MetaLineDecoder;
import io.memjcache.server.protocol.text.RequestLine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The decoding of one request line alone, without the command or the answer (which {@link ProtocolBenchmark}
 * includes): a text {@code set} line split into tokens and its numbers read, and {@code mg} and {@code ms} lines
 * split and their key and flags decoded. The lines are as {@link ProtocolBenchmark} sends them, without the line end.
 *
 * <p>JMH drives it: one state per thread. No nulls.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class RequestLineBenchmark {

    private final RequestLine line = new RequestLine();
    private final MetaLineDecoder meta = new MetaLineDecoder();
    private final ByteBuf textSet = ascii("set key:00042 0 0 100");
    private final ByteBuf metaGet = ascii("mg key:00042 v f t");
    private final ByteBuf metaSet = ascii("ms key:00042 100 T0 F0");

    public RequestLineBenchmark() {
        if (!meta.decode(metaGet, 2) || !meta.decode(metaSet, 3) || textSet() != 100) {
            throw new IllegalStateException("the request lines do not decode");
        }
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    /** @return the data length, or -1 if a number did not parse (never, for this line) */
    @Benchmark
    public long textSet() {
        line.parse(textSet, textSet.readerIndex(), textSet.writerIndex());
        // Flags, expiry and data length, as the storage command reads them.
        if (!line.parseUInt32(2) || !line.parseInt32(3) || !line.parseInt32(4)) {
            return -1;
        }
        return line.number;
    }

    @Benchmark
    public boolean metaGet() {
        return meta.decode(metaGet, 2);
    }

    @Benchmark
    public boolean metaSet() {
        return meta.decode(metaSet, 3);
    }
}
