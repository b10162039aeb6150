package io.memjcache.server.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unit tests of the differential harness's own parts: escapes, script parsing, normalisation, sentinel counting. */
class CompatHarnessTest {

    private static final Payload.Context FIXED = new Payload.Context() {
        private final Map<Integer, String> cas = Map.of(1, "1234");

        @Override
        public String casValue(int placeholder) {
            return cas.get(placeholder);
        }

        @Override
        public long nowSeconds() {
            return 1_000_000;
        }
    };

    @Test
    void payloadEscapesBecomeTheirBytes() {
        byte[] bytes = Payload.parse("a\\r\\n\\t\\0\\s\\\\\\x7f\\xffé").render(FIXED, new ArrayList<>());
        assertArrayEquals(
                new byte[] {'a', '\r', '\n', '\t', 0, ' ', '\\', 0x7f, (byte) 0xff, (byte) 0xc3, (byte) 0xa9}, bytes);
    }

    @Test
    void payloadRepeatsCasReferencesAndClock() {
        List<String> problems = new ArrayList<>();
        String rendered = new String(
                Payload.parse("\\{3*z}|\\c{1}|\\T{+10}|\\T{-10}|\\c{2}").render(FIXED, problems),
                StandardCharsets.US_ASCII);
        assertEquals("zzz|1234|1000010|999990|0", rendered);
        assertEquals(1, problems.size(), "the unseen cas#2 is reported");
    }

    @Test
    void malformedEscapesAreRejected() {
        for (String bad : List.of("\\", "\\q", "\\x4", "\\{3z}", "\\c1", "\\T{+1")) {
            assertThrows(IllegalArgumentException.class, () -> Payload.parse(bad), bad);
        }
    }

    @Test
    void scriptGroupsPartsWithTheirStep() {
        ProtocolScript script = ProtocolScript.parse(
                "demo", "# comment\n\nsend get a\\r\\n\npart se\npart t\nsend \\r\\n\nclose quit\\r\\n\n");
        assertEquals(3, script.steps().size());
        assertEquals(3, script.steps().get(1).writes().size());
        assertEquals(4, script.steps().get(1).line());
        assertEquals(ProtocolScript.Ending.END_OF_STREAM, script.steps().get(2).ending());
    }

    @Test
    void linesStepsEndAfterTheirCountOfLines() {
        ProtocolScript script = ProtocolScript.parse("demo", "part get\nlines 2 \\sa\\r\\nget b\\r\\n\n");
        assertEquals(1, script.steps().size());
        assertEquals(ProtocolScript.Ending.LINES, script.steps().get(0).ending());
        assertEquals(2, script.steps().get(0).lines());
        assertEquals(2, script.steps().get(0).writes().size());
        assertThrows(IllegalArgumentException.class, () -> ProtocolScript.parse("demo", "lines x get\n"));
        assertThrows(IllegalArgumentException.class, () -> ProtocolScript.parse("demo", "lines 0 get\n"));
    }

    @Test
    void authFileLinesWriteOneFileForBothServers() throws IOException {
        ServerOptions options = ServerOptions.DEFAULTS.with("auth-file alice:one bob:two");
        assertEquals("alice:one\nbob:two\n", Files.readString(options.authFile()));
        assertArrayEquals(new String[] {"-Y", options.authFile().toString()}, options.memcachedArguments());
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.DEFAULTS.with("auth-file"));
    }

    @Test
    void serverLinesBecomeOptionsForBothServers() {
        ProtocolScript script = ProtocolScript.parse(
                "demo", "server max-item-size 2097152\nserver shutdown-enabled\nsend version\\r\\n\n");
        assertEquals(new ServerOptions(2097152, true), script.options());
        assertArrayEquals(new String[] {"-I", "2097152", "-A"}, script.options().memcachedArguments());
        assertEquals(
                ServerOptions.DEFAULTS,
                ProtocolScript.parse("demo", "send version\\r\\n\n").options());
        assertThrows(
                IllegalArgumentException.class,
                () -> ProtocolScript.parse("demo", "send version\\r\\n\nserver shutdown-enabled\n"));
        assertThrows(IllegalArgumentException.class, () -> ProtocolScript.parse("demo", "server threads 4\n"));
    }

    @Test
    void scriptErrorsNameTheLine() {
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class, () -> ProtocolScript.parse("demo", "send a\\r\\n\nfoo bar\n"));
        assertTrue(unknown.getMessage().contains("line 2"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProtocolScript.parse("demo", "part a\n"));
        assertThrows(IllegalArgumentException.class, () -> ProtocolScript.parse("demo", "# nothing\n"));
    }

    @Test
    void casValuesBecomePlaceholdersInOrderOfAppearance() {
        ResponseNormalizer normalizer = new ResponseNormalizer();
        String first = normalizer.normalize(ascii("VALUE a 0 1 77\r\nx\r\nVALUE b 0 1 88\r\ny\r\nEND\r\n"));
        String second = normalizer.normalize(ascii("HD c88 kb\r\nVA 1 O1 c77\r\nz\r\nME a exp=-1 cas=99 x=1\r\n"));
        assertEquals("VALUE a 0 1 <cas#1>\r\nx\r\nVALUE b 0 1 <cas#2>\r\ny\r\nEND\r\n", first);
        assertEquals("HD c<cas#2> kb\r\nVA 1 O1 c<cas#1>\r\nz\r\nME a exp=-1 cas=<cas#3> x=1\r\n", second);
        assertEquals("88", normalizer.casValue(2));
        assertNull(normalizer.casValue(4));
    }

    @Test
    void dataBlocksAndOtherLinesAreLeftAlone() {
        ResponseNormalizer normalizer = new ResponseNormalizer();
        String response = "VALUE k 0 16\r\nHD c5\r\nVERSION 1\r\nEND\r\nVA 6\r\nEN c77\r\nSTORED 12\r\nhd c5\r\n";
        assertEquals(response, normalizer.normalize(ascii(response)));
        assertEquals("VERSION <version>\r\n", normalizer.normalize(ascii("VERSION 1.6.18\r\n")));
        assertEquals("VALUE k 0 1 12a\r\n", normalizer.normalize(ascii("VALUE k 0 1 12a\r\n")));
    }

    @Test
    void noOpCommandsAreCountedAtLineStartsOnly() {
        assertEquals(3, ScriptRunner.countNoOpCommands(ascii("mn\r\nmn extra\r\nget mn\r\nxmn\r\nmn\n")));
        assertEquals(0, ScriptRunner.countNoOpCommands(ascii("mnx\r\nMN\r\n")));
    }

    @Test
    void binaryFramesRenderTheirHeaderAndBody() {
        List<String> problems = new ArrayList<>();
        byte[] set = Payload.parse("\\B{set key=k%00 value=v flags=258 exp=T+5 cas=c1 opaque=7}")
                .render(FIXED, problems);
        ByteBuffer header = ByteBuffer.wrap(set);
        assertEquals(0x80, set[0] & 0xff);
        assertEquals(0x01, set[1]);
        assertEquals(2, header.getShort(2));
        assertEquals(8, set[4]);
        assertEquals(11, header.getInt(8));
        assertEquals(7, header.getInt(12));
        assertEquals(1234, header.getLong(16));
        assertEquals(258, header.getInt(24));
        assertEquals(1_000_005, header.getInt(28));
        assertArrayEquals(new byte[] {'k', 0, 'v'}, Arrays.copyOfRange(set, 32, 35));
        assertTrue(problems.isEmpty(), problems.toString());

        byte[] lie = Payload.parse("\\B{40 keyfill=3*x bodylen=4294967295 magic=81 extlen=9}")
                .render(FIXED, problems);
        assertEquals(27, lie.length);
        assertEquals(0x81, lie[0] & 0xff);
        assertEquals(-1, ByteBuffer.wrap(lie).getInt(8));
        assertEquals(9, lie[4]);
        for (String bad :
                List.of("\\B{nosuch}", "\\B{get key}", "\\B{get cas=x}", "\\B{get extras=abc}", "\\B{get a=1}")) {
            assertThrows(IllegalArgumentException.class, () -> Payload.parse(bad), bad);
        }
    }

    @Test
    void binaryResponsesAreShownFrameByFrameWithCasPlaceholders() {
        ResponseNormalizer normalizer = new ResponseNormalizer();
        ByteBuffer frames = ByteBuffer.allocate(24 + 9 + 24 + 6 + 2);
        responseHeader(frames, 0x0c, 1, 4, 9, 5, 77);
        frames.putInt(3).put((byte) 'k').put("val!".getBytes(StandardCharsets.US_ASCII));
        responseHeader(frames, 0x0b, 0, 0, 6, 0, 0);
        frames.put("1.6.18".getBytes(StandardCharsets.US_ASCII));
        frames.put((byte) 'x').put((byte) 'y');
        assertEquals(
                "[op=0c keylen=1 extlen=4 type=00 status=0000 bodylen=9 opaque=00000005 cas=<cas#1> extras=00000003"
                        + " key=k value=val!]\n"
                        + "[op=0b keylen=0 extlen=0 type=00 status=0000 bodylen=<version> opaque=00000000 cas=0"
                        + " value=<version>]\n[not a frame: xy]",
                normalizer.normalizeBinary(frames.array()));
        assertEquals("77", normalizer.casValue(1));
    }

    @Test
    void binarySentinelIsFoundOnlyAtAFrameBoundary() {
        ByteBuffer data = ByteBuffer.allocate(24 + 24 + 24);
        responseHeader(data, 0x00, 0, 0, 24, 0, 0);
        responseHeader(data, 0x0b, 0, 0, 0, ScriptRunner.BINARY_SENTINEL_OPAQUE, 0);
        assertEquals(-1, ScriptRunner.binarySentinelAt(Arrays.copyOf(data.array(), 48)), "inside a body");
        responseHeader(data, 0x0b, 0, 0, 0, ScriptRunner.BINARY_SENTINEL_OPAQUE, 0);
        assertEquals(48, ScriptRunner.binarySentinelAt(data.array()));
    }

    private static void responseHeader(
            ByteBuffer out, int opcode, int keyLength, int extrasLength, int bodyLength, int opaque, long cas) {
        out.put((byte) 0x81).put((byte) opcode).putShort((short) keyLength).put((byte) extrasLength);
        out.put((byte) 0).putShort((short) 0).putInt(bodyLength).putInt(opaque).putLong(cas);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
