package io.memjcache.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code user:password} file: memcached's parsing rules, re-reading on change and on demand, secrecy. */
class PasswordDatabaseTest {

    @TempDir
    Path folder;

    @Test
    void linesAreUserColonPasswordAsMemcachedReadsThem() throws IOException {
        Path file = write("alice:wonder\r\nbob:builder:extra:fields\nno colon here\n:nouser\ncarol:\nalice:second\n"
                + "dave:pass word\n");
        PasswordDatabase users = PasswordDatabase.open(file);
        assertTrue(check(users, "alice", "wonder"), "a DOS line end is not part of the password");
        assertFalse(check(users, "alice", "second"), "the first line naming a user counts");
        assertTrue(check(users, "bob", "builder"), "fields after a second colon are not the password");
        assertFalse(check(users, "bob", "builder:extra:fields"));
        assertTrue(check(users, "carol", ""), "an empty password is a password");
        assertTrue(check(users, "dave", "pass word"));
        assertFalse(check(users, "", "nouser"));
        assertFalse(check(users, "nobody", ""));
        assertFalse(check(users, "alice", "wonde"));
        assertFalse(check(users, "alice", "wonderr"));
        assertFalse(check(users, "ALICE", "wonder"), "user names are compared exactly");
        assertEquals(4, users.size());
        assertNull(users.lastProblem());
    }

    @Test
    void aChangedFileIsReadAgainAtTheNextCheck() throws IOException {
        Path file = write("alice:one\n");
        PasswordDatabase users = PasswordDatabase.open(file);
        assertTrue(check(users, "alice", "one"));
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, "alice:two\nbob:three\n", StandardCharsets.UTF_8);
        // The modification time is what changes; set it explicitly so the test does not depend on clock ticks.
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 5_000));
        assertTrue(check(users, "alice", "two"));
        assertFalse(check(users, "alice", "one"));
        assertTrue(check(users, "bob", "three"));
    }

    @Test
    void reloadReadsAChangeThatLeftSizeAndTimeAlone() throws IOException {
        Path file = write("alice:abcd\n");
        PasswordDatabase users = PasswordDatabase.open(file);
        FileTime time = Files.getLastModifiedTime(file);
        Files.writeString(file, "alice:wxyz\n", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, time);
        assertTrue(check(users, "alice", "abcd"), "same size, same time: not noticed without a reload");
        users.reload();
        assertTrue(check(users, "alice", "wxyz"));
        assertFalse(check(users, "alice", "abcd"));
    }

    @Test
    void aMissingFileLetsNobodyInUntilItAppears() throws IOException {
        Path file = folder.resolve("later");
        PasswordDatabase users = PasswordDatabase.open(file);
        assertFalse(check(users, "alice", "x"));
        assertNotNull(users.lastProblem());
        Files.writeString(file, "alice:x\n", StandardCharsets.UTF_8);
        assertTrue(check(users, "alice", "x"));
        assertNull(users.lastProblem());
    }

    @Test
    void noPasswordShowsInItsDescription() throws IOException {
        PasswordDatabase users = PasswordDatabase.open(write("alice:SECRETVALUE\n"));
        String text = users.toString();
        assertFalse(text.contains("SECRETVALUE"), text);
        assertTrue(text.contains("users=1"), text);
    }

    private Path write(String content) throws IOException {
        Path file = folder.resolve("pwdb");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    static boolean check(PasswordDatabase users, String user, String password) {
        return users.check(user, password.getBytes(StandardCharsets.UTF_8));
    }
}
