package io.memjcache.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.ServerUnderTest;
import io.memjcache.server.testsupport.TextConnection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The start-up warm-up runs the provider's first requests through the real request path (so that it loads what a
 * first request needs), and on a scratch state of its own: a server it runs beside, even while serving the same
 * requests, sees none of it.
 */
class RequestPathWarmUpTest {

    private static final int ROUNDS = 30;
    private static final int CLIENTS = 3;
    private static final int WARM_UPS = 2;

    @Test
    void itsRequestsAreAnsweredAsAServerAnswersThemOverTcp() throws IOException {
        String warmUp = RequestPathWarmUp.runRequests();
        try (ServerUnderTest server = ServerUnderTest.bundled();
                TextConnection client = new TextConnection(server.address())) {
            assertEquals(overTcp(client), warmUp);
        }
        // A path that failed early (an unknown command, say) would answer otherwise: each request got its answer.
        assertTrue(warmUp.startsWith("EN\r\nEN\r\nVA 1\r\n1\r\nHD\r\nVA 1 c"), warmUp);
        assertTrue(warmUp.endsWith(" f0 t-1\r\nx\r\nMN\r\n"), warmUp);
    }

    @Test
    void aServerServingRequestsMeanwhileSeesNothingOfIt() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS + WARM_UPS);
        try (ServerUnderTest server = ServerUnderTest.bundled()) {
            String expected = RequestPathWarmUp.runRequests();
            for (int round = 0; round < ROUNDS; round++) {
                CyclicBarrier start = new CyclicBarrier(CLIENTS + WARM_UPS);
                List<Future<String>> clients = new ArrayList<>();
                List<Future<String>> warmUps = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    String key = "k" + round + "-" + i;
                    clients.add(threads.submit(afterBarrier(start, () -> storeAndRead(server, key))));
                }
                for (int i = 0; i < WARM_UPS; i++) {
                    warmUps.add(threads.submit(afterBarrier(start, RequestPathWarmUp::runRequests)));
                }
                for (int i = 0; i < CLIENTS; i++) {
                    assertEquals("v" + round + "-" + i, clients.get(i).get(30, TimeUnit.SECONDS));
                }
                for (Future<String> warmUp : warmUps) {
                    assertEquals(expected, warmUp.get(30, TimeUnit.SECONDS));
                }
            }
            try (TextConnection client = new TextConnection(server.address())) {
                Map<String, String> stats = client.stats();
                int stored = ROUNDS * CLIENTS;
                // Only the clients' items, gets and connections: the warm-ups' "mg w", "ms w" and "ma c" are absent.
                assertEquals(String.valueOf(stored), stats.get("curr_items"));
                assertEquals(String.valueOf(stored), stats.get("total_items"));
                assertEquals(String.valueOf(stored), stats.get("cmd_get"));
                assertEquals(String.valueOf(stored), stats.get("get_hits"));
                assertEquals("0", stats.get("incr_misses"));
                assertEquals(String.valueOf(stored + 1), stats.get("total_connections"));
                assertNull(client.get("w"));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** @return what {@code server} answers to the warm-up's requests, up to the final {@code mn}'s {@code MN} */
    private static String overTcp(TextConnection client) throws IOException {
        client.write(out -> out.write(RequestPathWarmUp.REQUESTS));
        StringBuilder answers = new StringBuilder();
        for (String line = client.line(); ; line = client.line()) {
            answers.append(line).append("\r\n");
            if (line.equals("MN")) {
                return answers.toString();
            }
        }
    }

    /** @return the value read back after storing {@code v<suffix>} under {@code key} on a fresh connection */
    private static String storeAndRead(ServerUnderTest server, String key) throws IOException {
        String value = "v" + key.substring(1);
        try (TextConnection client = new TextConnection(server.address())) {
            assertEquals("HD", client.call("ms " + key + " " + value.length() + " T0 F0\r\n" + value));
            assertEquals("VA " + value.length(), client.call("mg " + key + " v"));
            return client.line();
        }
    }

    private static <T> Callable<T> afterBarrier(CyclicBarrier barrier, Callable<T> work) {
        return () -> {
            barrier.await(30, TimeUnit.SECONDS);
            return work.call();
        };
    }
}
