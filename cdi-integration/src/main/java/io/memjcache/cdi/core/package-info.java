/**
 * The container-neutral part of the caching annotations support: reading and validating the annotations of a method
 * once ({@code CacheMethodModels}), default key generation ({@link io.memjcache.cdi.core.DefaultGeneratedCacheKey})
 * and cache resolution, and the four operations, driven through {@link io.memjcache.cdi.core.CacheInterception} by
 * any interception technology that can supply an {@link io.memjcache.cdi.core.InterceptedCall}. Nothing here
 * depends on a {@code jakarta.*} API.
 */
package io.memjcache.cdi.core;
