package io.memjcache.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.TlsSettings;
import io.memjcache.server.testsupport.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading and refreshing the certificate and key: memcached's error lines, never the files' content. */
class TlsContextsTest {

    private static TestCertificates certs;

    @TempDir
    Path dir;

    @BeforeAll
    static void certificates() {
        certs = TestCertificates.shared();
    }

    @Test
    void errorsNameTheFileNotItsContent() throws IOException {
        String secret = "TOP-SECRET-KEY-MATERIAL";
        Path garbledKey = Files.writeString(
                dir.resolve("garbled.key"), "-----BEGIN PRIVATE KEY-----\n" + secret + "\n-----END PRIVATE KEY-----\n");
        Path notPem = Files.writeString(dir.resolve("plain.key"), secret);
        for (Path key : new Path[] {garbledKey, notPem, certs.key("client")}) {
            IOException e = assertThrows(
                    IOException.class,
                    () -> TlsContexts.load(
                            TlsSettings.builder(certs.cert("server"), key).build(), 0));
            assertTrue(e.getMessage().startsWith("Error loading the key: " + key + " : "), e.getMessage());
            assertFalse(e.getMessage().contains(secret), e.getMessage());
        }
        IOException missing = assertThrows(
                IOException.class,
                () -> TlsContexts.load(
                        TlsSettings.builder(dir.resolve("absent.pem"), certs.key("server"))
                                .build(),
                        0));
        assertTrue(
                missing.getMessage().startsWith("Error loading the certificate chain: " + dir.resolve("absent.pem")),
                missing.getMessage());
    }

    @Test
    void aFailedRefreshKeepsTheLoadedPairAndItsTime() throws IOException {
        Path chain = Files.copy(certs.cert("server"), dir.resolve("chain.pem"));
        Path key = Files.copy(certs.key("server"), dir.resolve("key.pem"));
        TlsContexts tls = TlsContexts.load(TlsSettings.builder(chain, key).build(), 100);
        Files.copy(certs.key("client"), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String error = tls.refresh(200);
        assertTrue(error != null && error.startsWith("Error loading the key: " + key), error);
        assertEquals(100, tls.loadedAt());
        Files.copy(certs.key("server"), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertNull(tls.refresh(300));
        assertEquals(300, tls.loadedAt());
    }
}
