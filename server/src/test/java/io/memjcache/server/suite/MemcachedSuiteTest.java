package io.memjcache.server.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.TlsSettings;
import io.memjcache.server.suite.MemcachedSuite.ProveResult;
import io.memjcache.server.suite.SuiteFiles.Entry;
import io.memjcache.server.suite.SuiteFiles.Feature;
import io.memjcache.server.testsupport.ServerUnderTest;
import io.memjcache.server.testsupport.TextConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs memcached's own test suite ({@code t/*.t}, see {@link MemcachedSuite}) against the bundled server and, file
 * for file, against the Debian memcached as referee: a file must pass on memcached for its result on the bundled
 * server to mean anything, so both are reported per file and a referee failure is reported as one.
 *
 * <p>Three runs ({@link SuiteFiles} says which files and why): each file on a fresh server; the list one after
 * another on one long-running server, as a deployed server sees them; and the files that need a feature, each on a
 * fresh server configured for it (on the bundled server for the features in {@link SuiteFiles#BUNDLED_FEATURES}:
 * all of them). The runs start together when the first result is asked for (they spend most of their time waiting
 * on the suite's sleeps), so the whole class takes about as long as its longest run.
 *
 * <p>Not thread-safe; JUnit runs the reports one after another.
 */
class MemcachedSuiteTest {

    private static final Duration FILE_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration TOTAL_TIMEOUT = Duration.ofMinutes(5);
    private static final List<String> TARGETS = List.of("memcached", "memjcache");

    private static final Map<String, CompletableFuture<ProveResult>> RESULTS = new LinkedHashMap<>();
    /** Three runs at once: the suite mostly waits on its sleeps, and the machine may have only two cores. */
    private static final ExecutorService POOL = Executors.newFixedThreadPool(3);

    /** Starts every run on the first report asked for, so that the harness test alone starts none of them. */
    private static synchronized void startAllRuns() {
        if (!RESULTS.isEmpty()) {
            return;
        }
        MemcachedSuite suite = MemcachedSuite.get();
        // The slow runs first, so that the pool's threads are not all busy with quick ones when they start.
        for (String target : TARGETS) {
            sequence(suite, target);
        }
        for (Entry entry : SuiteFiles.WITH_FEATURES) {
            for (String target : TARGETS) {
                if (target.equals("memcached") || SuiteFiles.BUNDLED_FEATURES.contains(entry.needs())) {
                    RESULTS.put(
                            key("features", target, entry.toString()),
                            CompletableFuture.supplyAsync(() -> alone(suite, target, entry), POOL));
                }
            }
        }
        for (String file : SuiteFiles.ON_A_FRESH_SERVER) {
            for (String target : TARGETS) {
                if (target.equals("memcached") && SuiteFiles.BUNDLED_ONLY.contains(file)) {
                    continue;
                }
                Entry entry = new Entry(file, Feature.TEXT);
                RESULTS.put(
                        key("fresh", target, file),
                        CompletableFuture.supplyAsync(() -> alone(suite, target, entry), POOL));
            }
        }
    }

    @AfterAll
    static void stopRuns() throws InterruptedException {
        POOL.shutdownNow();
        POOL.awaitTermination(30, TimeUnit.SECONDS);
    }

    @TestFactory
    Stream<DynamicNode> eachFileOnAFreshServer() {
        return report("fresh", SuiteFiles.ON_A_FRESH_SERVER);
    }

    @TestFactory
    Stream<DynamicNode> theListOneAfterAnotherOnOneServer() {
        return report("sequence", SuiteFiles.ON_ONE_SERVER);
    }

    @TestFactory
    Stream<DynamicNode> filesThatNeedAFeatureOnAServerConfiguredForIt() {
        return report(
                "features",
                SuiteFiles.WITH_FEATURES.stream().map(Entry::toString).toList());
    }

    private static Stream<DynamicNode> report(String run, List<String> files) {
        startAllRuns();
        List<DynamicNode> perTarget = new ArrayList<>();
        for (String target : TARGETS) {
            List<DynamicTest> tests = new ArrayList<>();
            for (String file : files) {
                CompletableFuture<ProveResult> result = RESULTS.get(key(run, target, file));
                if (result != null) {
                    tests.add(DynamicTest.dynamicTest(file, () -> check(target, result)));
                }
            }
            perTarget.add(DynamicContainer.dynamicContainer(target, tests));
        }
        return perTarget.stream();
    }

    private static void check(String target, CompletableFuture<ProveResult> pending) throws Exception {
        ProveResult result = pending.get(TOTAL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        String who = target.equals("memcached")
                ? "the referee memcached fails it, so the harness or the list is wrong"
                : "memjcache fails it (memcached's result for the same file is the referee)";
        assertTrue(
                result.passed(),
                () -> result.file() + ": " + who + (result.finished() ? "" : " (killed after " + FILE_TIMEOUT + ")")
                        + "; prove said:\n" + result.tail());
        System.out.printf(
                "%s %s: passed in %d ms%n", target, result.file(), result.took().toMillis());
    }

    /** Keeps the harness honest: a file whose expectations do not hold is reported failed, with prove's reason. */
    @Test
    void aFileThatFailsIsReportedFailed() throws IOException {
        try (ServerUnderTest server = ServerUnderTest.reference();
                TextConnection connection = new TextConnection(server.address())) {
            // issue_29.t expects its own item to be the only one in slab class 1.
            assertEquals("STORED", connection.call("set already-here 0 0 1\r\nx\r\n"));
            ProveResult result = MemcachedSuite.get().prove("issue_29.t", address(server), Map.of(), FILE_TIMEOUT);
            assertFalse(result.passed(), result.transcript());
            assertTrue(result.transcript().contains("Failed test 'Used one'"), result.transcript());
        }
    }

    /** Runs the one-server list on one server of {@code target}, completing each file's result as it comes. */
    private static void sequence(MemcachedSuite suite, String target) {
        List<CompletableFuture<ProveResult>> results = new ArrayList<>();
        for (String file : SuiteFiles.ON_ONE_SERVER) {
            CompletableFuture<ProveResult> result = new CompletableFuture<>();
            results.add(result);
            RESULTS.put(key("sequence", target, file), result);
        }
        POOL.execute(() -> {
            try (ServerUnderTest server = start(target, Feature.TEXT, 0)) {
                for (int i = 0; i < results.size(); i++) {
                    String file = SuiteFiles.ON_ONE_SERVER.get(i);
                    results.get(i).complete(suite.prove(file, address(server), Map.of(), FILE_TIMEOUT));
                }
            } catch (RuntimeException e) {
                results.forEach(r -> r.completeExceptionally(e));
            }
        });
    }

    private static ProveResult alone(MemcachedSuite suite, String target, Entry entry) {
        int udpPort = entry.needs() == Feature.UDP ? freeUdpPort() : 0;
        try (ServerUnderTest server = start(target, entry.needs(), udpPort)) {
            Map<String, String> env =
                    switch (entry.needs()) {
                        case UDP -> Map.of("T_MEMD_UDP_PORT", Integer.toString(udpPort));
                        case TLS -> Map.of("SSL_TEST", "1");
                        default -> Map.of();
                    };
            return suite.prove(entry.file(), address(server), env, FILE_TIMEOUT);
        }
    }

    /**
     * Starts a server of {@code target} with what {@code feature} needs. The bundled server only gets here for
     * features in {@link SuiteFiles#BUNDLED_FEATURES}.
     */
    private static ServerUnderTest start(String target, Feature feature, int udpPort) {
        MemcachedSuite suite = MemcachedSuite.get();
        if (target.equals("memjcache")) {
            // The same configuration as memcached's flags below; binary and watch are on by default, as there.
            return ServerUnderTest.bundled(config -> switch (feature) {
                case TEXT, BINARY, WATCH -> config;
                case ASCII_AUTH -> config.authFile(suite.testFile("authfile"));
                case UDP -> config.udpPort(udpPort);
                case TLS ->
                    config.tls(TlsSettings.builder(suite.testFile("server_crt.pem"), suite.testFile("server_key.pem"))
                            .build());
            });
        }
        Supplier<String[]> flags = () -> switch (feature) {
            case TEXT, BINARY, WATCH -> new String[0];
            case ASCII_AUTH -> new String[] {"-Y", suite.testFile("authfile").toString()};
            case UDP -> new String[] {"-U", Integer.toString(udpPort)};
            case TLS ->
                new String[] {
                    "-Z",
                    "-o",
                    "ssl_chain_cert=" + suite.testFile("server_crt.pem") + ",ssl_key="
                            + suite.testFile("server_key.pem")
                };
        };
        return ServerUnderTest.reference(flags.get());
    }

    private static String address(ServerUnderTest server) {
        return "127.0.0.1:" + server.port();
    }

    private static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(String run, String target, String file) {
        return run + " " + target + " " + file;
    }
}
