package io.memjcache.server.auth;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloads racing with checks: a user in both the old and the new file is never refused while the file is swapped
 * (an operator replaces it atomically, as here): the users are replaced at once, never emptied and refilled.
 */
class AuthFileReloadRaceTest {

    private static final int CHECKERS = 4;
    private static final int RELOADS = 300;

    @TempDir
    Path dir;

    @Test
    void aUserInBothFilesIsNeverRefusedDuringReloads() throws Exception {
        Path file = dir.resolve("users");
        Path first = Files.writeString(dir.resolve("first"), "bob:same\nalice:one\n", US_ASCII);
        Path second = Files.writeString(dir.resolve("second"), "alice:two\nbob:same\n", US_ASCII);
        Files.copy(first, file);
        AuthFile users = AuthFile.load(file);
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong refusedBob = new AtomicLong();
        AtomicLong checks = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(CHECKERS);
        try {
            List<Future<?>> checkers = new ArrayList<>();
            for (int t = 0; t < CHECKERS; t++) {
                checkers.add(pool.submit(() -> {
                    start.await();
                    while (!done.get()) {
                        if (!users.check(bytes("bob"), bytes("same"))) {
                            refusedBob.incrementAndGet();
                        }
                        checks.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (int i = 0; i < RELOADS; i++) {
                Path next = i % 2 == 0 ? second : first;
                Path staged = Files.copy(next, dir.resolve("staged"), StandardCopyOption.REPLACE_EXISTING);
                Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                users.reload();
            }
            done.set(true);
            for (Future<?> checker : checkers) {
                checker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, refusedBob.get(), "bob refused during reloads (of " + checks.get() + " checks)");
        // Both files were in force at some point: alice's password changed with them.
        assertEquals(true, users.check(bytes("alice"), bytes("one")));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(US_ASCII);
    }
}
