package io.memjcache.cdi;

import jakarta.enterprise.inject.se.SeContainerInitializer;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Where a test runs: a CDI container (Weld SE or Apache OpenWebBeans) and the memcached the caches live in (the
 * embedded server through the provider's defaults, or the Debian memcached binary through a CacheManager bean).
 * The build runs the tests once per container, each run with only that container on the class path, so
 * {@link #available()} lists the environments of the containers present.
 */
enum Environment {
    WELD_EMBEDDED(Container.WELD, false),
    WELD_MEMCACHED(Container.WELD, true),
    OPENWEBBEANS_EMBEDDED(Container.OPENWEBBEANS, false),
    OPENWEBBEANS_MEMCACHED(Container.OPENWEBBEANS, true);

    private final Container container;
    private final boolean referenceMemcached;

    Environment(Container container, boolean referenceMemcached) {
        this.container = container;
        this.referenceMemcached = referenceMemcached;
    }

    /** @return the environments whose container is on the class path */
    static Stream<Environment> available() {
        return Arrays.stream(values()).filter(e -> e.container.isPresent());
    }

    boolean usesReferenceMemcached() {
        return referenceMemcached;
    }

    /**
     * @return an initializer that service-loads extensions itself (as a container does for an application) and
     *     takes bean classes only from {@link SeContainerInitializer#addBeanClasses}
     */
    SeContainerInitializer newInitializer() {
        return container.newInitializer();
    }

    /** The CDI containers, named by their SE bootstrap class (loaded reflectively: only one is on the class path). */
    enum Container {
        WELD("org.jboss.weld.environment.se.Weld"),
        OPENWEBBEANS("org.apache.openwebbeans.se.OWBInitializer");

        private final String initializerClass;

        Container(String initializerClass) {
            this.initializerClass = initializerClass;
        }

        boolean isPresent() {
            try {
                Class.forName(initializerClass, false, Environment.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException absent) {
                return false;
            }
        }

        SeContainerInitializer newInitializer() {
            SeContainerInitializer initializer;
            try {
                initializer = Class.forName(initializerClass)
                        .asSubclass(SeContainerInitializer.class)
                        .getConstructor()
                        .newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot create " + initializerClass, e);
            }
            if (this == WELD) {
                // Weld SE service-loads extensions only with discovery on; its discovery takes explicit bean
                // archives (with beans.xml) only, and the test class path has none.
                return initializer;
            }
            // OpenWebBeans service-loads extensions regardless, but its discovery would treat every jar as a bean
            // archive. It keeps one container per class loader, and a failed boot (the deployment error tests)
            // leaves its loader registered: each boot gets a fresh child loader.
            return initializer
                    .disableDiscovery()
                    .setClassLoader(new URLClassLoader(new URL[0], Environment.class.getClassLoader()));
        }
    }
}
