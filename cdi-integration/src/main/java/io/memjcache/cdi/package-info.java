/**
 * Jakarta CDI 4 support for the JSR-107 caching annotations ({@code javax.cache.annotation}): the portable
 * extension {@link io.memjcache.cdi.CacheAnnotationsExtension}, found through the service loader, and the four
 * interceptors it registers. Adding the jar is the only setup; an application {@code javax.cache.CacheManager} bean,
 * when present, selects the cache manager.
 */
package io.memjcache.cdi;
