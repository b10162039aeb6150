package io.memjcache.benchmarks.jcache;

import com.spotify.folsom.MemcacheClient;
import com.spotify.folsom.MemcacheClientBuilder;
import io.memjcache.jcache.client.ClientConfig;
import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.client.StoreRequest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.internal.GetFuture;
import net.spy.memcached.internal.OperationFuture;

/**
 * Asynchronous get and put throughput with a fixed number of requests in flight from one thread: memjcache's
 * asynchronous client ({@code MemcachedClient}'s {@code ...Async} methods) beside folsom's and spymemcached's, on
 * the same memcached, the clients taking turns (A B C A B C ...) so that drift in the machine hits each alike.
 *
 * <p>Run it with the server on one core and the client on the other, e.g.
 * <pre>
 * taskset -c 1 memcached -p 22122 -m 256 &amp;
 * taskset -c 0 java -cp benchmarks/target/benchmarks.jar io.memjcache.benchmarks.jcache.AsyncThroughput \
 *     127.0.0.1:22122 [seconds per phase, 5] [rounds, 3] [in flight, 256]
 * </pre>
 * Values are 100 bytes, keys 10,000 (all stored before the first round). Each phase warms up for a second first.
 * Prints one line per round, client and operation, then the medians. Not thread-safe; a program.
 */
public final class AsyncThroughput {

    static final int KEYS = 10_000;
    private static final String VALUE = "v".repeat(100);

    /** One client's asynchronous get and put; each returns a stage completed when the answer is in. */
    interface AsyncClient extends AutoCloseable {
        CompletionStage<?> get(String key);

        CompletionStage<?> put(String key);

        @Override
        void close();
    }

    private AsyncThroughput() {}

    public static void main(String[] args) throws Exception {
        int colon = args[0].lastIndexOf(':');
        String host = args[0].substring(0, colon);
        int port = Integer.parseInt(args[0].substring(colon + 1));
        Duration phase = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 5);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int inFlight = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        Map<String, Supplier<AsyncClient>> clients = new LinkedHashMap<>();
        clients.put("memjcache", () -> memjcache(host, port));
        clients.put("folsom", () -> folsom(host, port));
        clients.put("spymemcached", () -> spymemcached(host, port));
        Map<String, List<Double>> results = new LinkedHashMap<>();
        try (AsyncClient loader = memjcache(host, port)) {
            run(loader, AsyncClient::put, Duration.ZERO, inFlight, KEYS); // every key exists before the first get
        }
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, Supplier<AsyncClient>> entry : clients.entrySet()) {
                try (AsyncClient client = entry.getValue().get()) {
                    for (String operation : List.of("get", "put")) {
                        Operation op = operation.equals("get") ? AsyncClient::get : AsyncClient::put;
                        run(client, op, Duration.ofSeconds(1), inFlight, Long.MAX_VALUE); // warm-up
                        double perSecond = run(client, op, phase, inFlight, Long.MAX_VALUE);
                        String name = entry.getKey() + " " + operation;
                        results.computeIfAbsent(name, k -> new ArrayList<>()).add(perSecond);
                        System.out.printf("round %d  %-18s %,12.0f ops/s%n", round, name, perSecond);
                    }
                }
            }
        }
        System.out.println("medians over " + rounds + " rounds, " + inFlight + " in flight from one thread:");
        results.forEach((name, values) -> System.out.printf("%-18s %,12.0f ops/s%n", name, median(values)));
    }

    interface Operation {
        CompletionStage<?> send(AsyncClient client, String key);
    }

    /**
     * Sends {@code operation} on rotating keys with at most {@code inFlight} requests outstanding, for
     * {@code duration} (or {@code limit} requests, whichever ends first), and waits for the last answers.
     *
     * @return the answers per second
     */
    static double run(AsyncClient client, Operation operation, Duration duration, int inFlight, long limit)
            throws InterruptedException {
        Semaphore window = new Semaphore(inFlight);
        LongAdder failures = new LongAdder();
        long start = System.nanoTime();
        long end = duration.isZero() ? Long.MAX_VALUE : start + duration.toNanos();
        long sent = 0;
        while (sent < limit && System.nanoTime() - end < 0) {
            window.acquire();
            operation.send(client, "bench:" + (sent % KEYS)).whenComplete((result, failure) -> {
                if (failure != null) {
                    failures.increment();
                }
                window.release();
            });
            sent++;
        }
        window.acquire(inFlight);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failures.sum() > 0) {
            throw new IllegalStateException(failures.sum() + " of " + sent + " requests failed");
        }
        return sent / seconds;
    }

    static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1
                ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static AsyncClient memjcache(String host, int port) {
        ClientConfig config = ClientConfig.defaults(List.of(ServerAddress.of(host, port)));
        MemcachedClient client = MemcachedClient.create(config);
        byte[] value = VALUE.getBytes(StandardCharsets.US_ASCII);
        return new AsyncClient() {
            @Override
            public CompletionStage<?> get(String key) {
                return client.getAsync(key);
            }

            @Override
            public CompletionStage<?> put(String key) {
                return client.storeAsync(StoreRequest.set(key, value, 0));
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    private static AsyncClient folsom(String host, int port) {
        MemcacheClient<String> client =
                MemcacheClientBuilder.newStringClient().withAddress(host, port).connectAscii();
        try {
            client.awaitConnected(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("folsom did not connect", e);
        }
        return new AsyncClient() {
            @Override
            public CompletionStage<?> get(String key) {
                return client.get(key);
            }

            @Override
            public CompletionStage<?> put(String key) {
                return client.set(key, VALUE, 0);
            }

            @Override
            public void close() {
                client.shutdown();
            }
        };
    }

    private static AsyncClient spymemcached(String host, int port) {
        net.spy.memcached.MemcachedClient client;
        try {
            client = new net.spy.memcached.MemcachedClient(
                    new ConnectionFactoryBuilder()
                            .setProtocol(ConnectionFactoryBuilder.Protocol.TEXT)
                            .build(),
                    Arrays.asList(new InetSocketAddress(host, port)));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("spymemcached did not start", e);
        }
        return new AsyncClient() {
            @Override
            public CompletionStage<?> get(String key) {
                java.util.concurrent.CompletableFuture<Object> done = new java.util.concurrent.CompletableFuture<>();
                GetFuture<Object> future = client.asyncGet(key);
                var unused = future.addListener(f -> done.complete(f.getStatus()));
                return done;
            }

            @Override
            public CompletionStage<?> put(String key) {
                java.util.concurrent.CompletableFuture<Object> done = new java.util.concurrent.CompletableFuture<>();
                OperationFuture<Boolean> future = client.set(key, 0, VALUE);
                var unused = future.addListener(f -> done.complete(f.getStatus()));
                return done;
            }

            @Override
            public void close() {
                client.shutdown();
            }
        };
    }
}
