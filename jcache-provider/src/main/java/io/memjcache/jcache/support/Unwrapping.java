package io.memjcache.jcache.support;

/**
 * The {@code unwrap} contract JCache gives caches, managers, entries and events alike: the object itself, seen as
 * the requested type, or {@link IllegalArgumentException} when it is not of that type. The provider has no
 * underlying objects to expose beyond its own classes.
 *
 * <p>Stateless and thread-safe. No argument may be {@code null}; the result is never {@code null}.
 */
public final class Unwrapping {

    private Unwrapping() {}

    /**
     * @param self  the object asked to unwrap itself
     * @param clazz the requested type
     * @param what  what {@code self} is, for the message (e.g. "the cache")
     * @param <T>   the requested type
     * @return {@code self} as {@code clazz}
     * @throws IllegalArgumentException if {@code self} is not a {@code clazz}
     */
    public static <T> T unwrap(Object self, Class<T> clazz, String what) {
        if (clazz.isInstance(self)) {
            return clazz.cast(self);
        }
        throw new IllegalArgumentException("cannot unwrap " + what + " to " + clazz.getName());
    }
}
