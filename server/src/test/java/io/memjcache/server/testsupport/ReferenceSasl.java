package io.memjcache.server.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * SASL for the reference memcached, which Debian builds with Cyrus SASL rather than memcached's own password
 * file: a folder holding a {@code memcached.conf} ({@code mech_list: plain}) and a sasldb with one user, made by
 * {@code saslpasswd2} (Debian's {@code sasl2-bin}). memcached finds the folder through {@code SASL_CONF_PATH}.
 * Cyrus appends the server's host name as realm to a user name without one, so clients may authenticate with
 * the bare user name, as they do with the project's server and its {@code user:password} file.
 *
 * <p>Thread-safe: one folder per user and password for the whole test JVM, removed when it exits.
 */
public final class ReferenceSasl {

    private static final Map<String, Path> FOLDERS = new ConcurrentHashMap<>();

    private ReferenceSasl() {}

    /** @return the environment memcached {@code -S} needs to accept this user and password */
    public static Map<String, String> environment(String user, String password) {
        Path folder = FOLDERS.computeIfAbsent(user + '\0' + password, unused -> create(user, password));
        return Map.of("SASL_CONF_PATH", folder.toString());
    }

    private static Path create(String user, String password) {
        Path tool = ToolBinaries.require("saslpasswd2", "sasl2-bin");
        try {
            Path folder = Files.createTempDirectory("memcached-sasl");
            Path database = folder.resolve("sasldb");
            Path config = folder.resolve("memcached.conf");
            Files.writeString(config, "mech_list: plain\nsasldb_path: " + database + "\n", StandardCharsets.US_ASCII);
            Process process = new ProcessBuilder(
                            tool.toString(), "-a", "memcached", "-c", "-p", "-f", database.toString(), user)
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().write(password.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("saslpasswd2 failed: " + output);
            }
            for (Path file : new Path[] {database, config, folder}) {
                file.toFile().deleteOnExit();
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running saslpasswd2", e);
        }
    }
}
