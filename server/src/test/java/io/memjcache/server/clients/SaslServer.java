package io.memjcache.server.clients;

import io.memjcache.server.testsupport.ServerUnderTest;
import io.memjcache.server.testsupport.ToolBinaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server that speaks the binary protocol only and lets in the one SASL user {@link #USER} with {@link #PASSWORD}
 * (mechanism PLAIN), for the client tests in binary mode.
 *
 * <p>For the Debian memcached ({@code -S -B binary}), which uses Cyrus SASL: a sasldb made with
 * {@code saslpasswd2 -a memcached} (realm {@link #REALM}, so the user name is {@code user@realm}) and a
 * {@code memcached.conf} with {@code mech_list: plain} in a temporary folder named by {@code SASL_CONF_PATH}. The
 * same folder holds {@code passwords}, a {@code user:password} file in the format memcached reads from
 * {@code MEMCACHED_SASL_PWDB}, which the bundled server reads.
 *
 * <p>Not thread-safe; one per test, closed by the test.
 */
final class SaslServer implements AutoCloseable {

    static final String REALM = "memjcache";
    static final String USER = "alice@" + REALM;
    static final String PASSWORD = "s3cret-pass";

    private final ServerUnderTest server;
    private final Path folder;

    private SaslServer(ServerUnderTest server, Path folder) {
        this.server = server;
        this.folder = folder;
    }

    /**
     * Starts the server named {@code "memcached"} (Cyrus SASL, {@code -S -B binary}) or {@code "memjcache"} (the
     * bundled server with {@code passwords}, binary only as {@code -S} makes it).
     */
    static SaslServer start(String name) throws IOException, InterruptedException {
        Path folder = Files.createTempDirectory("sasl");
        try {
            Files.writeString(folder.resolve("passwords"), USER + ":" + PASSWORD + "\n", StandardCharsets.UTF_8);
            ServerUnderTest server =
                    switch (name) {
                        case "memcached" -> cyrusMemcached(folder);
                        case "memjcache" -> ServerUnderTest.bundled(config -> config.sasl(folder.resolve("passwords")));
                        default -> throw new IllegalArgumentException("no SASL setup for " + name);
                    };
            return new SaslServer(server, folder);
        } catch (IOException | InterruptedException | RuntimeException e) {
            deleteFolder(folder);
            throw e;
        }
    }

    private static ServerUnderTest cyrusMemcached(Path folder) throws IOException, InterruptedException {
        Path saslpasswd2 = ToolBinaries.require("saslpasswd2", "sasl2-bin");
        Path db = folder.resolve("memcached.sasldb");
        Process add = new ProcessBuilder(
                        saslpasswd2.toString(),
                        "-a",
                        "memcached",
                        "-c",
                        "-p",
                        "-f",
                        db.toString(),
                        "-u",
                        REALM,
                        "alice")
                .redirectErrorStream(true)
                .start();
        add.getOutputStream().write(PASSWORD.getBytes(StandardCharsets.UTF_8));
        add.getOutputStream().close();
        String output = new String(add.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!add.waitFor(30, TimeUnit.SECONDS) || add.exitValue() != 0) {
            throw new IllegalStateException("saslpasswd2 failed: " + output);
        }
        Files.writeString(
                folder.resolve("memcached.conf"),
                "mech_list: plain\nsasldb_path: " + db + "\n",
                StandardCharsets.UTF_8);
        return ServerUnderTest.reference(Map.of("SASL_CONF_PATH", folder.toString()), "-S", "-B", "binary");
    }

    /** @return {@code host:port} */
    String hostAndPort() {
        return server.address().getHostString() + ":" + server.port();
    }

    int port() {
        return server.port();
    }

    ServerUnderTest server() {
        return server;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            deleteFolder(folder);
        }
    }

    private static void deleteFolder(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
