package io.memjcache.cdi.core;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resolver factories and key generators named in caching annotations, one shared instance per class, created
 * with the class's public no-argument constructor (as JSR-107 requires of them) the first time a method names it.
 *
 * <p>Thread-safe. Never returns {@code null}; arguments must not be {@code null}.
 */
final class ComponentInstances {

    private final Map<Class<?>, Object> instances = new ConcurrentHashMap<>();

    /**
     * @param type   the class named by the annotation
     * @param role   what the class is for, for messages ("cache key generator")
     * @param usedBy the method or class whose annotation names it, for messages
     * @return the shared instance
     * @throws CacheAnnotationConfigurationException if the class cannot be instantiated
     */
    <T> T get(Class<T> type, String role, String usedBy) {
        Object existing = instances.get(type);
        if (existing != null) {
            return type.cast(existing);
        }
        // Created outside computeIfAbsent so that a constructor which itself uses caching cannot deadlock the map;
        // two racing threads may both construct, one instance wins.
        T created = instantiate(type, role, usedBy);
        Object winner = instances.putIfAbsent(type, created);
        return winner == null ? created : type.cast(winner);
    }

    private static <T> T instantiate(Class<T> type, String role, String usedBy) {
        String prefix = "Cannot instantiate the " + role + " " + type.getName() + " named by " + usedBy + ": ";
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new CacheAnnotationConfigurationException(prefix + "it is abstract or an interface");
        }
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new CacheAnnotationConfigurationException(
                    prefix + "it needs a public no-argument constructor in a public class", e);
        } catch (InstantiationException e) {
            throw new CacheAnnotationConfigurationException(prefix + e, e);
        } catch (InvocationTargetException e) {
            throw new CacheAnnotationConfigurationException(
                    prefix + "its constructor threw " + e.getCause(), e.getCause());
        }
    }
}
