package io.memjcache.server.auth;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user file read as memcached's {@code authfile.c} reads it, and never shown. */
class AuthFileTest {

    @TempDir
    Path dir;

    private AuthFile load(String content) throws IOException {
        return AuthFile.load(Files.writeString(dir.resolve("users"), content, US_ASCII));
    }

    private static boolean check(AuthFile file, String user, String password) {
        return file.check(user.getBytes(US_ASCII), password.getBytes(US_ASCII));
    }

    @Test
    void theUserEndsAtTheFirstColonThePasswordAtTheLineEnd() throws IOException {
        AuthFile file = load("alice:pa:ss word\r\nbob:x\nlast:no-newline");
        assertTrue(check(file, "alice", "pa:ss word"));
        assertTrue(check(file, "bob", "x"));
        assertTrue(check(file, "last", "no-newline"));
        assertFalse(check(file, "alice", "pa:ss"));
        assertFalse(check(file, "bob", "x\r"));
        assertEquals(3, file.users());
    }

    @Test
    void anEmptyPasswordIsAnEntry() throws IOException {
        assertTrue(check(load("guest:\n"), "guest", ""));
    }

    @Test
    void aLineWithoutColonMakesTheFileMalformed() {
        for (String content : new String[] {"alice:one\n\nbob:two\n", "alice:one\nbob\n", "nobody\n"}) {
            IOException e = assertThrows(IOException.class, () -> load(content), content);
            assertTrue(e.getMessage().contains("malformed entry"), e.getMessage());
            assertFalse(e.getMessage().contains("one"), "no content in the message: " + e.getMessage());
        }
    }

    @Test
    void linesAfterTheEighthEntryAreNotRead() throws IOException {
        StringBuilder content = new StringBuilder();
        for (int i = 1; i <= 8; i++) {
            content.append("u").append(i).append(":p").append(i).append('\n');
        }
        AuthFile file = load(content + "not even an entry\n");
        assertEquals(8, file.users());
        assertTrue(check(file, "u8", "p8"));
    }

    @Test
    void aMissingFileSaysSo() {
        IOException e = assertThrows(IOException.class, () -> AuthFile.load(dir.resolve("absent")));
        assertTrue(e.getMessage().startsWith("Could not open authfile [" + dir.resolve("absent")), e.getMessage());
    }

    @Test
    void passwordsNeverShow() throws IOException {
        AuthFile file = load("alice:s3cret-value\n");
        assertFalse(file.toString().contains("s3cret"), file.toString());
        assertTrue(file.toString().contains(dir.resolve("users").toString()), file.toString());
    }

    @Test
    void aFailedReloadKeepsTheUsers() throws IOException {
        AuthFile file = load("alice:one\n");
        Files.writeString(dir.resolve("users"), "alice:two\nbroken\n");
        assertThrows(IOException.class, file::reload);
        assertTrue(check(file, "alice", "one"));
        Files.writeString(dir.resolve("users"), "alice:two\n");
        file.reload();
        assertTrue(check(file, "alice", "two"));
        assertFalse(check(file, "alice", "one"));
    }
}
