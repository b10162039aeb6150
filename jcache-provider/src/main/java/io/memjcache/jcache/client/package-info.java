/**
 * A blocking memcached client on the meta protocol, used by the provider to reach its storage.
 *
 * <p>Internal: not part of the provider's API, and may change without notice. Entry point:
 * {@link io.memjcache.jcache.client.MemcachedClient}. Keys are placed on servers with libmemcached-compatible
 * weighted ketama hashing, so clients in other languages find the same keys on the same servers.
 */
package io.memjcache.jcache.client;
