package io.memjcache.jcache.serialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * A test class loader that defines the named classes itself (from the test class path's bytes) instead of
 * delegating to its parent, so they are distinct {@code Class} objects visible only through this loader; every other
 * class comes from the parent. Thread-safe as {@link ClassLoader} is; parallel-capable is not needed for tests.
 * Class names must not be {@code null}.
 */
public final class IsolatingClassLoader extends ClassLoader {

    private final Set<String> isolated;

    /** @param isolated binary names of the classes this loader defines itself */
    public IsolatingClassLoader(ClassLoader parent, Set<String> isolated) {
        super("isolating", parent);
        this.isolated = Set.copyOf(isolated);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!isolated.contains(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                byte[] bytes = classBytes(name);
                loaded = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private byte[] classBytes(String name) throws ClassNotFoundException {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = getParent().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
