package io.memjcache.samples.hibernate;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.cache.CacheManager;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Builds the library's Hibernate {@link SessionFactory} with the second-level cache (entities, collections, natural
 * ids and query results) stored in memcached through memjcache.
 *
 * <p>The settings that matter for the cache are all in {@link Builder#build()}: Hibernate's JCache region factory,
 * memjcache as the JCache provider, and a properties resource as the cache manager URI. Hibernate can only open
 * class-path resources, {@code file:} and {@code jar:} URLs and passes no properties to the provider, so the memjcache
 * settings (which servers) live in that resource.
 *
 * <p>Thread-safety: the builder is not thread-safe; the built {@code SessionFactory} is. Nullness: no method accepts
 * or returns null unless stated.
 */
public final class LibrarySessionFactory {

    /**
     * The cache settings shipped with this sample (the embedded memcached-compatible server). Hibernate looks a
     * value without a URL scheme up as a class-path resource and hands the provider the resource's real URL
     * ({@code file:} or {@code jar:}); it does not understand a {@code classpath:} prefix.
     */
    public static final String DEFAULT_CACHE_URI = "memjcache-hibernate.properties";

    /** memjcache's JCache provider, named explicitly so no other provider on the classpath can be picked. */
    public static final String PROVIDER = "io.memjcache.jcache.MemjcacheCachingProvider";

    private LibrarySessionFactory() {}

    /** Starts a builder for a session factory over the database at {@code jdbcUrl}. */
    public static Builder builder(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    /** Collects the few per-application choices; everything else is fixed by this sample. */
    public static final class Builder {
        private final String jdbcUrl;
        private String cacheUri = DEFAULT_CACHE_URI;
        private boolean createSchema = true;
        private @Nullable String regionPrefix;
        private @Nullable CacheManager cacheManager;

        private Builder(String jdbcUrl) {
            this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        }

        /** The memjcache settings: a class-path resource name or a {@code file:} URL of a properties file. */
        public Builder cacheUri(String uri) {
            this.cacheUri = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /**
         * Whether this node creates the tables (the default). In a cluster one node, or a migration tool, owns the
         * schema; the others only use it.
         */
        public Builder createSchema(boolean create) {
            this.createSchema = create;
            return this;
        }

        /**
         * Prefixes every cache region name. Applications sharing memcached servers keep their entries apart this
         * way; nodes of one application must use the same prefix to share their cache.
         */
        public Builder regionPrefix(String prefix) {
            this.regionPrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * Uses this cache manager instead of asking the provider for one by {@link #cacheUri(String) URI}.
         * Hibernate closes it when the session factory closes.
         */
        public Builder cacheManager(CacheManager manager) {
            this.cacheManager = Objects.requireNonNull(manager, "manager");
            return this;
        }

        /** Builds the session factory; the cache manager and its caches are created now, not on first use. */
        public SessionFactory build() {
            Map<String, Object> settings = new HashMap<>();
            settings.put("hibernate.connection.url", jdbcUrl);
            settings.put("hibernate.connection.username", "sa");
            settings.put("hibernate.connection.password", "");
            settings.put("hibernate.connection.pool_size", "4");
            settings.put("jakarta.persistence.schema-generation.database.action", createSchema ? "create" : "none");

            settings.put("hibernate.cache.use_second_level_cache", "true");
            settings.put("hibernate.cache.use_query_cache", "true");
            settings.put("hibernate.cache.region.factory_class", "jcache");
            settings.put("hibernate.javax.cache.provider", PROVIDER);
            settings.put("hibernate.javax.cache.uri", cacheUri);
            // Regions are caches this sample expects memjcache to create on demand; no warning for each.
            settings.put("hibernate.javax.cache.missing_cache_strategy", "create");
            if (regionPrefix != null) {
                settings.put("hibernate.cache.region_prefix", regionPrefix);
            }
            if (cacheManager != null) {
                settings.put("hibernate.javax.cache.cache_manager", cacheManager);
            }
            settings.put("hibernate.generate_statistics", "true");

            StandardServiceRegistry registry =
                    new StandardServiceRegistryBuilder().applySettings(settings).build();
            try {
                return new MetadataSources(registry)
                        .addAnnotatedClass(Author.class)
                        .addAnnotatedClass(Book.class)
                        .buildMetadata()
                        .buildSessionFactory();
            } catch (RuntimeException e) {
                // The registry owns the connection pool and the cache manager; do not leak them on failure.
                StandardServiceRegistryBuilder.destroy(registry);
                throw e;
            }
        }
    }
}
