/**
 * Small helpers the provider's packages share to follow JCache's general contracts (unwrapping, closing the
 * {@link java.io.Closeable} objects a configuration produced). Internal to the provider: not an API for applications.
 */
package io.memjcache.jcache.support;
