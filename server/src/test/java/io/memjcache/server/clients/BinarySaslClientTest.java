package io.memjcache.server.clients;

import static io.memjcache.server.clients.SaslServer.PASSWORD;
import static io.memjcache.server.clients.SaslServer.USER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.spotify.folsom.BinaryMemcacheClient;
import com.spotify.folsom.MemcacheClientBuilder;
import com.spotify.folsom.MemcacheStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.auth.AuthInfo;
import net.rubyeye.xmemcached.command.BinaryCommandFactory;
import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.auth.AuthDescriptor;
import net.spy.memcached.auth.PlainCallbackHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real clients in binary mode with SASL (PLAIN): spymemcached, xmemcached, folsom and Debian's
 * python3-binary-memcached. Each does an application's work with the right password; a second client with a wrong
 * password gets an authentication failure, and the first client's connection goes on working.
 *
 * <p>Parametrized by target: memcached and the bundled server with the same user (see {@link SaslServer}). Each test
 * owns its server and clients.
 */
class BinarySaslClientTest {

    private static final String WRONG = "not-the-password";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memcached", "memjcache"})
    void spymemcached(String target) throws Exception {
        try (SaslServer server = SaslServer.start(target)) {
            MemcachedClient good = spy(server, PASSWORD, 10_000);
            MemcachedClient bad = spy(server, WRONG, 2_000);
            try {
                assertTrue(good.set("spy:k", 0, "value").get(10, TimeUnit.SECONDS));
                assertEquals("value", good.get("spy:k"));
                CASValue<Object> current = good.gets("spy:k");
                assertEquals(CASResponse.OK, good.cas("spy:k", current.getCas(), "new"));
                assertEquals(CASResponse.EXISTS, good.cas("spy:k", current.getCas(), "stale"));
                assertEquals(7L, good.incr("spy:n", 2, 7L));
                assertEquals(9L, good.incr("spy:n", 2));
                assertEquals(Map.of("spy:k", "new"), good.getBulk(List.of("spy:k", "spy:none")));
                assertTrue(good.delete("spy:k").get(10, TimeUnit.SECONDS));
                assertNull(good.get("spy:k"));

                // spymemcached keeps retrying a refused authentication, so the request never goes out: it times out.
                assertThrows(RuntimeException.class, () -> bad.get("spy:n"));
                assertTrue(good.set("spy:after", 0, "v").get(10, TimeUnit.SECONDS));
                assertEquals("v", good.get("spy:after"));
            } finally {
                bad.shutdown(1, TimeUnit.SECONDS);
                good.shutdown(1, TimeUnit.SECONDS);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memcached", "memjcache"})
    void xmemcached(String target) throws Exception {
        try (SaslServer server = SaslServer.start(target)) {
            net.rubyeye.xmemcached.MemcachedClient good = xmemcached(server, PASSWORD);
            net.rubyeye.xmemcached.MemcachedClient bad = xmemcached(server, WRONG);
            try {
                assertTrue(good.set("x:k", 0, "value"));
                assertEquals("value", good.get("x:k"));
                assertFalse(good.add("x:k", 0, "other"));
                net.rubyeye.xmemcached.GetsResponse<String> gets = good.gets("x:k");
                assertTrue(good.cas("x:k", 0, "new", gets.getCas()));
                assertFalse(good.cas("x:k", 0, "stale", gets.getCas()));
                assertEquals(7L, good.incr("x:n", 2, 7L));
                assertEquals(9L, good.incr("x:n", 2));
                assertEquals(Map.of("x:k", "new"), good.get(List.of("x:k", "x:none")));
                assertTrue(good.delete("x:k"));
                assertNull(good.get("x:k"));

                // A refused authentication: xmemcached reports a failed or timed-out request.
                assertThrows(Exception.class, () -> bad.set("x:bad", 0, "v"));
                assertTrue(good.set("x:after", 0, "v"));
                assertEquals("v", good.get("x:after"));
            } finally {
                bad.shutdown();
                good.shutdown();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memcached", "memjcache"})
    void folsom(String target) throws Exception {
        try (SaslServer server = SaslServer.start(target)) {
            BinaryMemcacheClient<String> good = folsom(server, PASSWORD);
            BinaryMemcacheClient<String> bad = folsom(server, WRONG);
            try {
                good.awaitConnected(10, TimeUnit.SECONDS);
                assertEquals(MemcacheStatus.OK, await(good.set("f:k", "value", 0)));
                assertEquals("value", await(good.get("f:k")));
                assertEquals(MemcacheStatus.ITEM_NOT_STORED, await(good.add("f:k", "other", 0)));
                long cas = await(good.casGet("f:k")).getCas();
                assertEquals(MemcacheStatus.OK, await(good.set("f:k", "new", 0, cas)));
                assertEquals(MemcacheStatus.KEY_EXISTS, await(good.set("f:k", "stale", 0, cas)));
                assertEquals(7L, await(good.incr("f:n", 2, 7L, 0)));
                assertEquals(9L, await(good.incr("f:n", 2, 7L, 0)));
                assertArrayEquals(
                        new String[] {"new", null},
                        await(good.get(List.of("f:k", "f:none"))).toArray(String[]::new));
                assertEquals(MemcacheStatus.OK, await(good.delete("f:k")));
                assertNull(await(good.get("f:k")));

                // folsom authenticates when it connects and refuses requests on a connection that was refused.
                assertThrows(Exception.class, () -> {
                    bad.awaitConnected(5, TimeUnit.SECONDS);
                    await(bad.set("f:bad", "v", 0));
                });
                assertEquals(MemcacheStatus.OK, await(good.set("f:after", "v", 0)));
                assertEquals("v", await(good.get("f:after")));
            } finally {
                bad.shutdown();
                good.shutdown();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memcached", "memjcache"})
    void pythonBinaryMemcached(String target) throws Exception {
        try (SaslServer server = SaslServer.start(target)) {
            PythonClient.runChecks(
                    "bmemcached_check.py", "python3-binary-memcached", 12, server.hostAndPort(), USER, PASSWORD, WRONG);
        }
    }

    private static MemcachedClient spy(SaslServer server, String password, long opTimeoutMillis) throws Exception {
        return new MemcachedClient(
                new ConnectionFactoryBuilder()
                        .setProtocol(ConnectionFactoryBuilder.Protocol.BINARY)
                        .setAuthDescriptor(
                                new AuthDescriptor(new String[] {"PLAIN"}, new PlainCallbackHandler(USER, password)))
                        .setOpTimeout(opTimeoutMillis)
                        .build(),
                List.of(server.server().address()));
    }

    private static net.rubyeye.xmemcached.MemcachedClient xmemcached(SaslServer server, String password)
            throws Exception {
        // xmemcached finds a connection's credentials by the host string of the connection's remote address, in
        // which the loopback address can turn up as "localhost" whatever the client was given; an address given
        // as 127.0.0.1 then gets no credentials and no SASL at all. Name the loopback address as it will be read.
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
        XMemcachedClientBuilder builder = new XMemcachedClientBuilder(List.of(address));
        builder.setCommandFactory(new BinaryCommandFactory());
        builder.addAuthInfo(address, AuthInfo.plain(USER, password));
        builder.setOpTimeout(3_000);
        return builder.build();
    }

    private static BinaryMemcacheClient<String> folsom(SaslServer server, String password) {
        return MemcacheClientBuilder.newStringClient()
                .withAddress(server.server().address().getHostString(), server.port())
                .withUsernamePassword(USER, password)
                .connectBinary();
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
