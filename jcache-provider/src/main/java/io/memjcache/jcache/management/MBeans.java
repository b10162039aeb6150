package io.memjcache.jcache.management;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.JMRuntimeException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Names, registers and unregisters the JSR-107 MXBeans of caches on the platform MBean server.
 *
 * <p>Names follow JSR-107 1.1 and its reference implementation,
 * {@code javax.cache:type=<type>,CacheManager=<manager URI>,Cache=<cache name>}, with the characters that would break
 * an {@link ObjectName} ({@code , : = \n}) replaced by {@code .}, which is the name the TCK and monitoring tools
 * compute. {@code * ? "} and carriage return are replaced too: unquoted they make the name a pattern or malformed,
 * so no tool could ever register or read such a name as written (a manager URI such as
 * {@code memcached://a:1,b:2?opTimeout=1s} contains a {@code ?}).
 *
 * <p>It remembers which bean it registered under each name, so that a cache manager released late (one the
 * application dropped without closing) removes only its own beans, not those a newer manager registered under the
 * same name since.
 *
 * <p>Thread-safe: registrations and removals are serialized. No method accepts or returns {@code null}.
 */
public final class MBeans {

    /** The {@code type} of a cache's statistics bean ({@link CacheStatistics}). */
    public static final String STATISTICS = "CacheStatistics";
    /** The {@code type} of a cache's configuration bean ({@link CacheConfigurationMXBean}). */
    public static final String CONFIGURATION = "CacheConfiguration";

    /** The domain of the servers' statistics beans ({@link ServerStatisticsMXBean}). */
    public static final String SERVER_STATISTICS_DOMAIN = "io.memjcache";
    /** The {@code type} of the servers' statistics beans. */
    public static final String SERVER_STATISTICS = "ServerStatistics";

    /** The {@code type} of a cache's near cache statistics bean ({@link NearCacheStatisticsMXBean}). */
    public static final String NEAR_CACHE_STATISTICS = "NearCacheStatistics";

    /** Replacing an existing registration can race with another thread registering the same name; retry a few times. */
    private static final int REGISTER_ATTEMPTS = 5;

    /** The bean this class registered under each name; guarded by its own lock, which also orders JMX calls. */
    private static final Map<ObjectName, Object> REGISTERED = new HashMap<>();

    private MBeans() {}

    /**
     * @param type {@link #STATISTICS} or {@link #CONFIGURATION}
     * @param managerUri the cache manager's URI
     * @param cacheName the cache's name
     * @return the bean's name
     * @throws IllegalArgumentException if {@code type} is neither of the two
     * @throws CacheException if JMX refuses the name
     */
    public static ObjectName objectName(String type, URI managerUri, String cacheName) {
        Objects.requireNonNull(managerUri, "managerUri");
        Objects.requireNonNull(cacheName, "cacheName");
        if (!STATISTICS.equals(type) && !CONFIGURATION.equals(type)) {
            throw new IllegalArgumentException(
                    "MBean type must be " + STATISTICS + " or " + CONFIGURATION + ", not " + type);
        }
        String name = "javax.cache:type=" + type + ",CacheManager=" + sanitize(managerUri.toString()) + ",Cache="
                + sanitize(cacheName);
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new CacheException("invalid MBean name " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param managerUri the cache manager's URI
     * @param cacheName the cache's name
     * @return the name of the cache's near cache statistics bean,
     *     {@code io.memjcache:type=NearCacheStatistics,CacheManager=<manager URI>,Cache=<cache name>}, the values
     *     with the same characters replaced as in {@link #objectName}
     * @throws CacheException if JMX refuses the name
     */
    public static ObjectName nearObjectName(URI managerUri, String cacheName) {
        String name = SERVER_STATISTICS_DOMAIN + ":type=" + NEAR_CACHE_STATISTICS + ",CacheManager="
                + sanitize(managerUri.toString()) + ",Cache=" + sanitize(cacheName);
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new CacheException("invalid MBean name " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param managerUri the cache manager's URI
     * @param server the server, {@code host:port}
     * @return the name of the server's statistics bean of that manager,
     *     {@code io.memjcache:type=ServerStatistics,manager=<quoted URI>,server=<quoted host:port>}, both values
     *     quoted with {@link ObjectName#quote} (so any URI fits, and {@link ObjectName#unquote} gives it back)
     * @throws CacheException if JMX refuses the name
     */
    public static ObjectName serverObjectName(URI managerUri, String server) {
        String name = SERVER_STATISTICS_DOMAIN + ":type=" + SERVER_STATISTICS + ",manager="
                + ObjectName.quote(managerUri.toString()) + ",server=" + ObjectName.quote(server);
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new CacheException(
                    "invalid MBean name for " + server + " of " + managerUri + ": " + e.getMessage(), e);
        }
    }

    /**
     * Registers {@code bean} under {@code name} on the platform MBean server, replacing any bean registered there.
     *
     * @throws CacheException if JMX refuses the bean; the message names the bean's name
     */
    public static void register(Object bean, ObjectName name) {
        Objects.requireNonNull(bean, "bean");
        Objects.requireNonNull(name, "name");
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (int attempt = 1; ; attempt++) {
            try {
                synchronized (REGISTERED) {
                    server.registerMBean(bean, name);
                    REGISTERED.put(name, bean);
                }
                return;
            } catch (InstanceAlreadyExistsException e) {
                if (attempt == REGISTER_ATTEMPTS) {
                    throw new CacheException(
                            "cannot register MBean " + name + ": other registrations of that name keep replacing it",
                            e);
                }
                unregister(name);
            } catch (JMException | JMRuntimeException e) {
                throw new CacheException("cannot register MBean " + name + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Unregisters the bean of this name from the platform MBean server; does nothing if none is registered.
     *
     * @throws CacheException if JMX refuses; the message names the bean's name
     */
    public static void unregister(ObjectName name) {
        Objects.requireNonNull(name, "name");
        synchronized (REGISTERED) {
            REGISTERED.remove(name);
            unregisterFromServer(name);
        }
    }

    /**
     * Unregisters the bean of this name only if it is {@code bean}, as registered by {@link #register}; does
     * nothing if another bean was registered under the name since.
     *
     * @throws CacheException if JMX refuses; the message names the bean's name
     */
    public static void unregister(ObjectName name, Object bean) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bean, "bean");
        synchronized (REGISTERED) {
            if (REGISTERED.remove(name, bean)) {
                unregisterFromServer(name);
            }
        }
    }

    private static void unregisterFromServer(ObjectName name) {
        if (MBeanServerFactory.findMBeanServer(null).isEmpty()) {
            // No MBean server exists, so none holds a bean of this name: starting the platform's (about a tenth of a
            // second of JMX initialisation) only to find that out would slow down every close of a manager that
            // never enabled statistics or management.
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // Already gone (never registered, or unregistered concurrently): that is the requested state.
        } catch (JMException | JMRuntimeException e) {
            throw new CacheException("cannot unregister MBean " + name + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the characters that are special in an unquoted ObjectName value by {@code .}. */
    static String sanitize(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(
                    switch (c) {
                        case ',', ':', '=', '\n', '\r', '*', '?', '"' -> '.';
                        default -> c;
                    });
        }
        return out.toString();
    }
}
