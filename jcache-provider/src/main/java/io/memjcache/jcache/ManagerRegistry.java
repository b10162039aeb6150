package io.memjcache.jcache;

import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The open cache managers of one provider, by class loader and URI, held like an ephemeron: a manager stays
 * registered (and so {@code getCacheManager} keeps returning it) as long as its class loader is reachable, even if
 * nobody else holds the manager; and the registry never keeps a loader reachable, even though a manager refers to
 * its loader (its {@code getClassLoader()}, its caches' key and value types, listeners, serializer).
 *
 * <p>How: a map keyed weakly by the loader whose value refers to the manager would keep the loader reachable through
 * the manager. Instead each loader's managers hang off a class <em>defined by that loader</em> (the loader's proxy
 * class for {@link Runnable}, which {@link Proxy} defines in the given loader and keeps for its lifetime), through a
 * {@link ClassValue}: the loader holds its class, the class holds the managers, and the whole cycle is collected
 * together once the application lets go of the loader. The weak index beside it only serves {@code close()}.
 *
 * <p>Thread-safe (every method synchronizes on the registry). Class loaders and URIs must not be {@code null};
 * lookups return {@code null} when no manager is registered.
 */
final class ManagerRegistry {

    private static final InvocationHandler UNUSED = (proxy, method, args) -> null;

    private final ClassValue<Map<URI, MemjcacheCacheManager>> byAnchor = new ClassValue<>() {
        @Override
        protected Map<URI, MemjcacheCacheManager> computeValue(Class<?> anchor) {
            return new HashMap<>();
        }
    };

    /** Each loader's map, weakly on both sides: the map itself is held by the loader's anchor class. */
    private final Map<ClassLoader, WeakReference<Map<URI, MemjcacheCacheManager>>> index = new WeakHashMap<>();

    /** @return the manager registered for {@code loader} and {@code uri}, or {@code null} */
    synchronized @Nullable MemjcacheCacheManager get(ClassLoader loader, URI uri) {
        Map<URI, MemjcacheCacheManager> managers = existing(loader);
        return managers == null ? null : managers.get(uri);
    }

    /** Registers {@code manager} under its class loader and URI, replacing any manager registered there. */
    synchronized void put(MemjcacheCacheManager manager) {
        ClassLoader loader = manager.getClassLoader();
        Map<URI, MemjcacheCacheManager> managers = existing(loader);
        if (managers == null) {
            managers = byAnchor.get(anchorOf(loader));
            index.put(loader, new WeakReference<>(managers));
        }
        managers.put(manager.getURI(), manager);
    }

    /** Unregisters {@code manager}, if it is the one registered under its class loader and URI. */
    synchronized void remove(MemjcacheCacheManager manager) {
        Map<URI, MemjcacheCacheManager> managers = existing(manager.getClassLoader());
        if (managers != null) {
            managers.remove(manager.getURI(), manager);
        }
    }

    /**
     * @param loader only this loader's managers, or {@code null} for every loader's
     * @param uri    only the manager of this URI, or {@code null} for every URI
     * @return the registered managers matching both
     */
    synchronized List<MemjcacheCacheManager> snapshot(@Nullable ClassLoader loader, @Nullable URI uri) {
        List<MemjcacheCacheManager> result = new ArrayList<>();
        index.forEach((l, reference) -> {
            Map<URI, MemjcacheCacheManager> managers = reference.get();
            if (managers != null && (loader == null || loader == l)) {
                managers.forEach((u, manager) -> {
                    if (uri == null || uri.equals(u)) {
                        result.add(manager);
                    }
                });
            }
        });
        return result;
    }

    private @Nullable Map<URI, MemjcacheCacheManager> existing(ClassLoader loader) {
        WeakReference<Map<URI, MemjcacheCacheManager>> reference = index.get(loader);
        return reference == null ? null : reference.get();
    }

    /** @return a class defined by {@code loader} and kept as long as the loader lives */
    private static Class<?> anchorOf(ClassLoader loader) {
        // Runnable is visible from every loader; the proxy class is defined by (and cached in) the given loader.
        return Proxy.newProxyInstance(loader, new Class<?>[] {Runnable.class}, UNUSED)
                .getClass();
    }
}
