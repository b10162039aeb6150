package io.memjcache.server.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made for one test run with the {@code openssl} command: a CA, server certificates for 127.0.0.1
 * signed by it (a valid one, a second valid one with another subject for refreshes, an expired one), client
 * certificates signed by it (a valid and an expired one), one signed by a stranger CA, and {@code other-host},
 * signed by the CA for the name {@code other-host.invalid} only (for host name checks). Keys are unencrypted PKCS#8 PEM.
 *
 * <p>Immutable once made; thread-safe. Never returns null.
 */
public final class TestCertificates {

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    private static TestCertificates shared;

    /**
     * @return one set of certificates for all tests of this JVM, made at the first call in a temporary folder
     *     removed when the JVM exits; aborts the test if {@code openssl} is missing
     */
    public static synchronized TestCertificates shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("memjcache-certs");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteAll(dir)));
                shared = create(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    private static void deleteAll(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }

    /** Makes every certificate in {@code dir}, aborting the test if {@code openssl} is missing. */
    public static TestCertificates create(Path dir) {
        ToolBinaries.require("openssl", "openssl");
        TestCertificates certs = new TestCertificates(dir);
        certs.makeCa("ca", "memjcache test CA");
        certs.makeCa("stranger-ca", "stranger CA");
        certs.makeSigned("server", "ca", "localhost", 2);
        certs.makeSigned("server2", "ca", "localhost-refreshed", 2);
        certs.makeSigned("expired", "ca", "localhost-expired", -1);
        certs.makeSigned("client", "ca", "client", 2);
        certs.makeSigned("stranger-client", "stranger-ca", "stranger", 2);
        certs.makeSigned("expired-client", "ca", "client-expired", -1);
        certs.makeSigned("other-host", "ca", "other-host", 2, "DNS:other-host.invalid");
        certs.openssl(
                "rsa",
                "-in",
                certs.key("server").toString(),
                "-traditional",
                "-out",
                certs.rsaKey("server").toString());
        return certs;
    }

    /** @return the PEM certificate named {@code name} ({@code ca}, {@code server}, {@code client}...) */
    public Path cert(String name) {
        return dir.resolve(name + ".pem");
    }

    /** @return the private key of {@code name} in the older PKCS#1 form ({@code BEGIN RSA PRIVATE KEY}) */
    public Path rsaKey(String name) {
        return dir.resolve(name + "-rsa.key");
    }

    /** @return the PEM private key of {@code name} (PKCS#8, {@code BEGIN PRIVATE KEY}) */
    public Path key(String name) {
        return dir.resolve(name + ".key");
    }

    private void makeCa(String name, String subject) {
        openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                key(name).toString(),
                "-out",
                cert(name).toString(),
                "-days",
                "2",
                "-subj",
                "/CN=" + subject);
    }

    private void makeSigned(String name, String ca, String subject, int days) {
        makeSigned(name, ca, subject, days, "IP:127.0.0.1,DNS:localhost");
    }

    private void makeSigned(String name, String ca, String subject, int days, String alternativeNames) {
        Path csr = dir.resolve(name + ".csr");
        openssl(
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                key(name).toString(),
                "-out",
                csr.toString(),
                "-subj",
                "/CN=" + subject,
                "-addext",
                "subjectAltName=" + alternativeNames);
        openssl(
                "x509",
                "-req",
                "-in",
                csr.toString(),
                "-CA",
                cert(ca).toString(),
                "-CAkey",
                key(ca).toString(),
                "-set_serial",
                Long.toString(System.nanoTime()),
                "-out",
                cert(name).toString(),
                "-days",
                Integer.toString(days),
                "-copy_extensions",
                "copy");
    }

    private void openssl(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ToolBinaries.require("openssl", "openssl").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(
                        "openssl failed: " + command + "\n" + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (!Files.exists(dir)) {
            throw new IllegalStateException("certificate folder vanished: " + dir);
        }
    }
}
