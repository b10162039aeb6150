package io.memjcache.jcache;

import static io.memjcache.jcache.DroppedManagerLeakTest.awaitLoaderCollected;
import static io.memjcache.jcache.DroppedManagerLeakTest.load;
import static io.memjcache.jcache.DroppedManagerLeakTest.provider;
import static io.memjcache.jcache.DroppedManagerLeakTest.putAndGet;
import static io.memjcache.jcache.DroppedManagerLeakTest.strings;
import static io.memjcache.jcache.DroppedManagerLeakTest.useAndDrop;

import io.memjcache.jcache.serialization.IsolatingClassLoader;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A cache manager on the zero-configuration default, dropped without closing, must not pin its class loader,
 * although the embedded server it used outlives it: neither when the server was already running, nor when the
 * application's own code started it (its threads must not refer to that application). The provider's
 * {@link DroppedManagerLeakTest} has the cases on configured servers and the helpers.
 */
class EmbeddedManagerLeakTest {

    @Test
    void droppedManagerOnTheEmbeddedServerFreesItsLoader() {
        awaitLoaderCollected(useAndDrop(
                provider().getDefaultURI(),
                new Properties(),
                manager -> putAndGet(manager, "leak-" + UUID.randomUUID(), strings())));
    }

    @Test
    void droppedManagerOfCodeInTheLoaderThatStartedTheEmbeddedServerFreesItsLoader() {
        // The embedded server must be started from the application's code: wait for earlier managers to go.
        ResourceProbes.awaitGarbageCollected(
                () -> !EmbeddedServer.isRunning(),
                () -> "the embedded server is still running: another manager was left open");
        awaitLoaderCollected(runDeployedApplication(provider().getDefaultURI()));
    }

    /** Runs {@link DeployedApplication} as defined by a loader of its own; returns that loader, weakly. */
    @SuppressWarnings("unchecked") // the class is DeployedApplication, defined by another loader
    private static WeakReference<ClassLoader> runDeployedApplication(URI uri) {
        ClassLoader loader = new IsolatingClassLoader(
                EmbeddedManagerLeakTest.class.getClassLoader(), Set.of(DeployedApplication.class.getName()));
        try {
            Object application = load(loader, DeployedApplication.class.getName())
                    .getConstructor()
                    .newInstance();
            ((Consumer<URI>) application).accept(uri);
        } catch (ReflectiveOperationException e) {
            throw new LinkageError(e.getMessage(), e);
        }
        return new WeakReference<>(loader);
    }
}
