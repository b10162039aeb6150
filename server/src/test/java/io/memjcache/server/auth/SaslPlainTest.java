package io.memjcache.server.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.auth.SaslPlain.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PLAIN's message forms, the empty first message and its step, and what may not pass. */
class SaslPlainTest {

    @TempDir
    Path folder;

    @Test
    void credentialsPassWithAnEmptyOrTheSameAuthorizationId() throws IOException {
        SaslPlain plain = new SaslPlain(users());
        assertEquals(Outcome.AUTHENTICATED, plain.start(bytes("\0testuser\0s3cr3t")));
        assertEquals(Outcome.AUTHENTICATED, plain.start(bytes("testuser\0testuser\0s3cr3t")));
        assertEquals(Outcome.FAILED, plain.start(bytes("admin\0testuser\0s3cr3t")), "no proxy authorisation");
        assertEquals(Outcome.AUTHENTICATED, plain.start(bytes("\0testuser@somehost\0s3cr3t")), "realm dropped");
    }

    @Test
    void wrongOrMalformedCredentialsFail() throws IOException {
        SaslPlain plain = new SaslPlain(users());
        for (String message : new String[] {
            "\0testuser\0wrong",
            "\0testuser\0",
            "\0testuser",
            "testuser",
            "\0\0s3cr3t",
            "\0nobody\0s3cr3t",
            "\0testuser\0s3cr3t\0",
            "\0testuser\0s3c\0r3t",
            "\0\0",
            "\0"
        }) {
            assertEquals(Outcome.FAILED, plain.start(bytes(message)), message.replace('\0', '|'));
        }
    }

    @Test
    void anEmptyFirstMessageWaitsForTheStep() throws IOException {
        SaslPlain plain = new SaslPlain(users());
        assertEquals(Outcome.CONTINUE, plain.start(new byte[0]));
        assertEquals(Outcome.AUTHENTICATED, plain.step(bytes("\0testuser\0s3cr3t")));
        assertEquals(Outcome.FAILED, plain.step(bytes("\0testuser\0s3cr3t")), "a step needs a started exchange");
        assertEquals(Outcome.CONTINUE, plain.start(new byte[0]));
        assertEquals(Outcome.FAILED, plain.step(bytes("\0testuser\0nope")));
        assertEquals(Outcome.FAILED, plain.step(bytes("\0testuser\0s3cr3t")), "one step per exchange");
    }

    @Test
    void theMessageIsClearedOnceRead() throws IOException {
        SaslPlain plain = new SaslPlain(users());
        byte[] message = bytes("\0testuser\0s3cr3t");
        plain.start(message);
        assertArrayEquals(new byte[message.length], message);
        assertFalse(plain.toString().contains("s3cr3t"));
    }

    @Test
    void onlyPlainIsOffered() {
        assertTrue(SaslPlain.supports("PLAIN"));
        assertTrue(SaslPlain.supports("plain"));
        assertFalse(SaslPlain.supports("CRAM-MD5"));
        assertFalse(SaslPlain.supports(""));
    }

    private PasswordDatabase users() throws IOException {
        Path file = folder.resolve("pwdb");
        Files.writeString(file, "testuser:s3cr3t\n", StandardCharsets.UTF_8);
        return PasswordDatabase.open(file);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
