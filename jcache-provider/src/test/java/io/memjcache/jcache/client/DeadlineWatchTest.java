package io.memjcache.jcache.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The deadline watch ends blocked calls at their deadline, and never touches a socket whose guard was disarmed. */
class DeadlineWatchTest {

    @Test
    void aReadBlockedPastItsDeadlineEndsThenAndTheGuardSaysItFired() throws IOException {
        try (DeadlineWatch watch = new DeadlineWatch("test-deadline-watch");
                ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Socket socket = new Socket()) {
            socket.connect(silent.getLocalSocketAddress());
            DeadlineWatch.Guard guard = watch.guard(socket);
            long start = System.nanoTime();
            guard.arm(start + TimeUnit.MILLISECONDS.toNanos(50));
            assertThrows(IOException.class, () -> socket.getInputStream().read());
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(elapsedMillis >= 49, elapsedMillis + " ms");
            assertTrue(guard.fired());
            assertTrue(guard.disarm(), "disarming a fired guard reports that it fired");
            assertTrue(socket.isClosed());
        }
    }

    @Test
    void aShorterDeadlineArmedWhileTheWatchSleepsIsStillKept() throws IOException {
        try (DeadlineWatch watch = new DeadlineWatch("test-deadline-watch");
                Socket slow = new Socket();
                Socket fast = new Socket()) {
            DeadlineWatch.Guard slowGuard = watch.guard(slow);
            DeadlineWatch.Guard fastGuard = watch.guard(fast);
            slowGuard.arm(System.nanoTime() + TimeUnit.SECONDS.toNanos(30)); // the watch now sleeps 30 s
            fastGuard.arm(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20));
            TestServers.awaitTrue(fast::isClosed, Duration.ofSeconds(5));
            assertTrue(fastGuard.fired());
            assertFalse(slowGuard.fired());
            assertFalse(slow.isClosed());
        }
    }

    /**
     * Owners arm short deadlines and disarm at about the same time as the watch fires them: each round ends in
     * exactly one way, and a socket is closed if and only if its owner learned that its guard fired. A sentinel
     * guard that fires after the owners disarmed proves the watch looked again after every disarm.
     */
    @Test
    void eachRoundEitherFiresAndClosesOrIsDisarmedAndLeftOpen() throws Exception {
        try (DeadlineWatch watch = new DeadlineWatch("test-deadline-watch")) {
            int owners = 4;
            int rounds = 300;
            int[] fired = new int[owners];
            List<Thread> threads = new ArrayList<>();
            List<Socket> kept = new ArrayList<>();
            List<AssertionError> failures = new ArrayList<>();
            for (int t = 0; t < owners; t++) {
                int owner = t;
                threads.add(new Thread(() -> {
                    try {
                        for (int round = 0; round < rounds; round++) {
                            Socket socket = new Socket();
                            DeadlineWatch.Guard guard = watch.guard(socket);
                            guard.arm(System.nanoTime()
                                    + ThreadLocalRandom.current().nextLong(0, 200_000));
                            long until = System.nanoTime()
                                    + ThreadLocalRandom.current().nextLong(0, 200_000);
                            while (System.nanoTime() - until < 0 && !guard.fired()) {
                                Thread.onSpinWait();
                            }
                            if (guard.disarm()) {
                                fired[owner]++;
                                TestServers.awaitTrue(socket::isClosed, Duration.ofSeconds(5)); // the watch closes it
                                guard.close();
                            } else {
                                synchronized (kept) {
                                    kept.add(socket);
                                }
                            }
                        }
                    } catch (AssertionError e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            assertEquals(List.of(), failures);
            try (Socket sentinel = new Socket()) {
                DeadlineWatch.Guard guard = watch.guard(sentinel);
                guard.arm(System.nanoTime());
                TestServers.awaitTrue(guard::fired, Duration.ofSeconds(5));
            }
            int firedTotal = 0;
            for (int count : fired) {
                firedTotal += count;
            }
            assertEquals(owners * rounds, firedTotal + kept.size());
            for (Socket socket : kept) {
                assertFalse(socket.isClosed(), "a disarmed guard's socket was closed");
                socket.close();
            }
        }
    }
}
