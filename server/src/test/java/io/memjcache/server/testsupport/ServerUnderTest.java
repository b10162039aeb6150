package io.memjcache.server.testsupport;

import io.memjcache.server.MemcachedServer;
import io.memjcache.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A memcached-protocol server a test talks to: either the project's own server, embedded in the test JVM, or the
 * reference memcached binary. Tests that must hold on both take this as a parameter.
 *
 * <p>Not thread-safe; close it when the test is done.
 */
public final class ServerUnderTest implements AutoCloseable {

    private final String name;
    private final InetSocketAddress address;
    private final AutoCloseable resource;

    private ServerUnderTest(String name, InetSocketAddress address, AutoCloseable resource) {
        this.name = name;
        this.address = address;
        this.resource = resource;
    }

    /** Starts the project's server on an ephemeral loopback port with default settings. */
    public static ServerUnderTest bundled() {
        return bundled(UnaryOperator.identity());
    }

    /** Starts the project's server on an ephemeral loopback port, with settings adjusted by {@code tweak}. */
    public static ServerUnderTest bundled(UnaryOperator<ServerConfig.Builder> tweak) {
        try {
            MemcachedServer server = MemcachedServer.start(
                    tweak.apply(ServerConfig.builder().port(0)).build());
            return new ServerUnderTest("memjcache", server.address(), server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the reference memcached (aborts or fails the test as {@link ReferenceMemcached} explains). */
    public static ServerUnderTest reference(String... extraArgs) {
        ReferenceMemcached memcached = ReferenceMemcached.start(extraArgs);
        return new ServerUnderTest("memcached", memcached.address(), memcached);
    }

    /** Starts the reference memcached with further environment variables (such as {@code SASL_CONF_PATH}). */
    public static ServerUnderTest reference(Map<String, String> environment, String... extraArgs) {
        ReferenceMemcached memcached = ReferenceMemcached.start(environment, extraArgs);
        return new ServerUnderTest("memcached", memcached.address(), memcached);
    }

    /** Starts the server named {@code "memjcache"} or {@code "memcached"}; handy for parameterized tests. */
    public static ServerUnderTest named(String name) {
        return switch (name) {
            case "memjcache" -> bundled();
            case "memcached" -> reference();
            default -> throw new IllegalArgumentException("unknown server " + name);
        };
    }

    /** @return {@code "memjcache"} or {@code "memcached"} */
    public String name() {
        return name;
    }

    /** @return where it listens */
    public InetSocketAddress address() {
        return address;
    }

    /** @return its port */
    public int port() {
        return address.getPort();
    }

    @Override
    public void close() {
        try {
            resource.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop " + name, e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
