package io.memjcache.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.memjcache.server.testsupport.TestCertificates;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * pymemcache (Debian's {@code python3-pymemcache}, with its {@code tls_context}) over TLS, on the bundled server
 * and on the reference memcached: the same script must print the same lines on both. Without the package the test
 * is skipped, except under CI ({@code CI=true}), which installs it.
 */
class PymemcacheTlsTest {

    private static final String PYTHON = "/usr/bin/python3";

    private static TestCertificates certs;

    @BeforeAll
    static void setUp() throws Exception {
        Process probe = new ProcessBuilder(PYTHON, "-c", "import pymemcache").start();
        boolean available = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        if (!available && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("python3-pymemcache is missing; CI installs it (.ci/run)");
        }
        assumeTrue(available, "python3-pymemcache is not installed: apt-get install python3-pymemcache");
        certs = TestCertificates.shared();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "memjcache"})
    void pymemcacheTalksOverTls(String name) throws Exception {
        try (TlsTarget server = TlsTarget.start(name, TlsTarget.Settings.of(certs))) {
            assertEquals(
                    List.of("get hello over tls", "incr 42", "get_many 50", "version 1"),
                    runScript(server, certs.cert("ca").toString()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "memjcache"})
    void pymemcachePresentsAClientCertificate(String name) throws Exception {
        TlsTarget.Settings require = TlsTarget.Settings.of(certs).verifying(certs.cert("ca"), 2);
        try (TlsTarget server = TlsTarget.start(name, require)) {
            assertEquals(
                    List.of("get hello over tls", "incr 42", "get_many 50", "version 1"),
                    runScript(
                            server,
                            certs.cert("ca").toString(),
                            certs.cert("client").toString(),
                            certs.key("client").toString()));
        }
    }

    private static List<String> runScript(TlsTarget server, String... tlsArgs)
            throws IOException, InterruptedException, URISyntaxException {
        Path script = Path.of(Objects.requireNonNull(PymemcacheTlsTest.class.getResource("/tls/pymemcache_tls.py"))
                .toURI());
        List<String> command = new java.util.ArrayList<>(List.of(
                PYTHON,
                script.toString(),
                server.tls().getHostString(),
                Integer.toString(server.tls().getPort())));
        command.addAll(List.of(tlsArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("pymemcache script failed against " + server.name() + ":\n" + output);
        }
        return output.lines().toList();
    }
}
