package io.memjcache.benchmarks.jcache;

import com.spotify.folsom.MemcacheClient;
import com.spotify.folsom.MemcacheClientBuilder;
import com.spotify.folsom.MemcacheStatus;
import com.whalin.MemCached.MemCachedClient;
import com.whalin.MemCached.SockIOPool;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedClient;
import org.jspecify.annotations.Nullable;

/**
 * The raw Java memcached clients the provider's overhead is measured against, each with its defaults (one
 * connection for spymemcached, xmemcached and folsom; whalin's pool of sockets), text protocol, and each put
 * waiting for the server's reply. Not thread-safe to create; the clients themselves are.
 */
final class RawClients {

    private static final long TIMEOUT_SECONDS = 10;

    private RawClients() {}

    static KeyValueClient open(Target target, int port) throws Exception {
        String address = "127.0.0.1:" + port;
        return switch (target) {
            case SPYMEMCACHED -> spymemcached(port);
            case XMEMCACHED -> xmemcached(address);
            case FOLSOM -> folsom(port);
            case WHALIN -> whalin(address);
            default -> throw new IllegalArgumentException(target.id() + " is not a raw client");
        };
    }

    private static KeyValueClient spymemcached(int port) throws Exception {
        MemcachedClient client = new MemcachedClient(
                new ConnectionFactoryBuilder()
                        .setProtocol(ConnectionFactoryBuilder.Protocol.TEXT)
                        .build(),
                List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
        return new KeyValueClient() {
            @Override
            public @Nullable String get(String key) {
                return (String) client.get(key);
            }

            @Override
            public void put(String key, String value) throws Exception {
                if (!client.set(key, 0, value).get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("set " + key + " was refused");
                }
            }

            @Override
            public void close() {
                client.shutdown();
            }
        };
    }

    private static KeyValueClient xmemcached(String address) throws Exception {
        net.rubyeye.xmemcached.MemcachedClient client =
                new XMemcachedClientBuilder(net.rubyeye.xmemcached.utils.AddrUtil.getAddresses(address)).build();
        return new KeyValueClient() {
            @Override
            public @Nullable String get(String key) throws Exception {
                return client.get(key);
            }

            @Override
            public void put(String key, String value) throws Exception {
                if (!client.set(key, 0, value)) {
                    throw new IllegalStateException("set " + key + " was refused");
                }
            }

            @Override
            public void close() throws Exception {
                client.shutdown();
            }
        };
    }

    private static KeyValueClient folsom(int port) throws Exception {
        MemcacheClient<String> client = MemcacheClientBuilder.newStringClient()
                .withAddress("127.0.0.1", port)
                .connectAscii();
        client.awaitConnected(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return new KeyValueClient() {
            @Override
            public @Nullable String get(String key) throws Exception {
                return client.get(key).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }

            @Override
            public void put(String key, String value) throws Exception {
                MemcacheStatus status =
                        client.set(key, value, 0).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (status != MemcacheStatus.OK) {
                    throw new IllegalStateException("set " + key + " answered " + status);
                }
            }

            @Override
            public void close() {
                client.shutdown();
            }
        };
    }

    private static KeyValueClient whalin(String address) {
        String poolName = "bench";
        SockIOPool pool = SockIOPool.getInstance(poolName);
        pool.setServers(new String[] {address});
        // Enough sockets that none of the 16 load threads waits for one.
        pool.setInitConn(Workloads.MANY_THREADS);
        pool.setMinConn(Workloads.MANY_THREADS);
        pool.setMaxConn(Workloads.MANY_THREADS * 2);
        // Like the other clients, send each request at once rather than waiting for the previous reply's ACK.
        pool.setNagle(false);
        pool.initialize();
        MemCachedClient client = new MemCachedClient(poolName);
        return new KeyValueClient() {
            @Override
            public @Nullable String get(String key) {
                return (String) client.get(key);
            }

            @Override
            public void put(String key, String value) {
                if (!client.set(key, value)) {
                    throw new IllegalStateException("set " + key + " was refused");
                }
            }

            @Override
            public void close() {
                pool.shutDown();
            }
        };
    }
}
