package io.memjcache.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGHUP, sent to this very JVM, makes the password file be read again: the change made here keeps the file's size
 * and modification time, so only the signal can have revealed it.
 */
class HangupReloadTest {

    @TempDir
    Path folder;

    @Test
    void sighupReadsTheFileAgain() throws IOException, InterruptedException {
        Path file = folder.resolve("pwdb");
        Files.writeString(file, "alice:abcd\n", StandardCharsets.UTF_8);
        PasswordDatabase users = PasswordDatabase.open(file);
        // Without a handler, SIGHUP would end this JVM: send it only once the handler is in place.
        assertNull(HangupReload.install(users::reload, file.toString()));
        FileTime time = Files.getLastModifiedTime(file);
        Files.writeString(file, "alice:wxyz\n", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, time);
        assertTrue(PasswordDatabaseTest.check(users, "alice", "abcd"));

        Process kill = new ProcessBuilder(
                        "kill", "-HUP", Long.toString(ProcessHandle.current().pid()))
                .inheritIO()
                .start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, kill.exitValue());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!PasswordDatabaseTest.check(users, "alice", "wxyz") && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        assertTrue(PasswordDatabaseTest.check(users, "alice", "wxyz"), "the signal reloaded the file");
    }
}
