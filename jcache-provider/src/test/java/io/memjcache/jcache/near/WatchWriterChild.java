package io.memjcache.jcache.near;

import io.memjcache.jcache.client.ClientConfig;
import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.client.StoreRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The writing process of {@link InvalidationDelayTest}: stores {@code count} keys {@code <prefix><nanoTime>}, each
 * named by the {@link System#nanoTime()} just before its store (the same clock in every process of one Linux
 * machine), one every {@code pacingMicros}, while {@code loadThreads} threads store other keys as fast as they can.
 * Arguments: host port prefix count pacingMicros loadThreads. Prints each key with the nanoTime its store was
 * answered ({@code <key> <nanoTime>} lines), and exits 0 when done.
 */
public final class WatchWriterChild {

    private WatchWriterChild() {}

    public static void main(String[] args) throws InterruptedException {
        ServerAddress server = ServerAddress.of(args[0], Integer.parseInt(args[1]));
        String prefix = args[2];
        int count = Integer.parseInt(args[3]);
        long pacingNanos = Long.parseLong(args[4]) * 1000;
        int loadThreads = Integer.parseInt(args[5]);
        AtomicBoolean running = new AtomicBoolean(true);
        try (MemcachedClient client = MemcachedClient.create(ClientConfig.defaults(List.of(server)))) {
            List<Thread> load = new ArrayList<>();
            for (int t = 0; t < loadThreads; t++) {
                String loadPrefix = "load" + t + "_";
                Thread thread = new Thread(() -> {
                    byte[] value = new byte[100];
                    for (long n = 0; running.get(); n++) {
                        client.store(StoreRequest.set(loadPrefix + (n % 10_000), value, 0));
                    }
                });
                thread.start();
                load.add(thread);
            }
            byte[] value = {1};
            // The first stores connect and load classes: the time before such a store is not when it lands.
            for (int i = 0; i < 200; i++) {
                client.store(StoreRequest.set("warmup" + i, value, 5));
            }
            StringBuilder answered = new StringBuilder();
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                client.store(StoreRequest.set(prefix + start, value, 5));
                long end = System.nanoTime();
                answered.append(prefix).append(start).append(' ').append(end).append('\n');
                LockSupport.parkNanos(pacingNanos - (end - start)); // pacing the writes
            }
            System.out.print(answered); // after the run: printing is no part of what is measured
            running.set(false);
            for (Thread thread : load) {
                thread.join();
            }
        }
    }
}
