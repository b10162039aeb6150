package io.memjcache.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.ReferenceMemcached;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM options derived from the server's command line ({@link JvmSizing}), and the launcher script
 * ({@code bin/memjcache-server}) starting a server with them.
 */
class JvmSizingTest {

    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(30);

    private static List<String> printed(String... args) {
        return printed(false, args);
    }

    private static List<String> printed(boolean canTrim, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JvmSizing.print(args, canTrim, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void gigabyteOfItemsGetsAQuarterMoreHeapPlusTheBaseAndASmallYoungGeneration() {
        assertEquals(
                List.of(
                        "-XX:+UseSerialGC",
                        "-Xmx1344m",
                        "-Xmn8m",
                        "-XX:MaxDirectMemorySize=66m",
                        "-XX:MaxMetaspaceSize=64m",
                        "-XX:ReservedCodeCacheSize=48m",
                        "-Dio.netty.allocator.maxOrder=7"),
                printed("-p", "11211", "-m", "1024"));
    }

    @Test
    void defaultsAreSizedForTheDefaultSixtyFourMegabytes() {
        List<String> options = printed();
        assertEquals("-Xmx144m", options.get(1), "64 + 16 + 64");
        assertEquals("-Xmn8m", options.get(2), "a quarter of 64, lowered to 8");
    }

    @Test
    void youngGenerationStaysBetweenItsBoundsAndTheHeapRoundsUp() {
        assertEquals(List.of("-Xmx74m", "-Xmn4m"), printed("-m", "8").subList(1, 3), "8 + 2 + 64; 2 raised to 4");
        assertEquals("-Xmx67m", printed("--memory-limit=2").get(1), "2 + 1 (a quarter, rounded up) + 64");
        assertEquals("-Xmn8m", printed("-m", "65536").get(2));
        assertEquals("-Xmn6m", printed("-m", "24").get(2));
    }

    @Test
    void directMemoryHoldsTwoOfTheLargestItems() {
        assertEquals(
                "-XX:MaxDirectMemorySize=192m",
                printed("-m", "1024", "-I", "64m").get(3));
        assertEquals("-XX:MaxDirectMemorySize=66m", printed("-I", "1k").get(3), "an item under 1 MB counts as 1");
    }

    @Test
    void nativeHeapIsTrimmedEverySecondWhereTheJvmKnowsTheOption() {
        List<String> options = printed(true, "-m", "1024");
        assertEquals("-XX:TrimNativeHeapInterval=1000", options.get(options.size() - 1));
        assertEquals(options.subList(0, options.size() - 1), printed(false, "-m", "1024"));
    }

    @Test
    void trimOptionIsOfferedExactlyWhenThisJvmStartsWithIt() throws Exception {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:" + JvmSizing.TRIM_OPTION + "=" + JvmSizing.TRIM_INTERVAL_MS,
                        "-version")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(process.waitFor(PROCESS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "java -version did not end");
        assertEquals(process.exitValue() == 0, JvmSizing.jvmCanTrim(), "exit status " + process.exitValue());
    }

    @Test
    void nothingForACommandLineTheServerAnswersOrRefusesItself() {
        assertEquals(List.of(), printed("-h"));
        assertEquals(List.of(), printed("-V"));
        assertEquals(List.of(), printed("-m", "lots"));
    }

    @Test
    void launcherScriptStartsTheServerWithTheDerivedOptions(@TempDir Path dir) throws Exception {
        int port = ReferenceMemcached.freePort();
        ProcessBuilder builder = new ProcessBuilder(
                        "sh", "bin/memjcache-server", "-p", Integer.toString(port), "-l", "127.0.0.1", "-m", "32")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().put("MEMJCACHE_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().remove("JAVA_OPTS");
        Process process = builder.start();
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            try (Socket socket = MainProcessTest.connectWithin(address, process)) {
                socket.setSoTimeout((int) PROCESS_TIMEOUT.toMillis());
                socket.getOutputStream().write("set k 0 0 2\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("STORED", MainProcessTest.readLine(socket.getInputStream()));
            }
            // The script replaced itself with the JVM (exec), so the process started is the server.
            List<String> arguments = List.of(process.info().arguments().orElseThrow());
            List<String> expected = List.of(
                    "-XX:+UseSerialGC",
                    "-Xmx104m",
                    "-Xmn8m",
                    "-XX:MaxDirectMemorySize=66m",
                    "-XX:MaxMetaspaceSize=64m",
                    "-XX:ReservedCodeCacheSize=48m",
                    "-Dio.netty.allocator.maxOrder=7");
            assertEquals(expected, arguments.subList(0, expected.size()), arguments.toString());
            assertTrue(arguments.contains(Main.class.getName()), arguments.toString());
        } finally {
            process.destroy();
            assertTrue(process.waitFor(PROCESS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "server did not stop");
        }
    }
}
