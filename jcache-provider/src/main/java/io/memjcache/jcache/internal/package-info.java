/**
 * Internal service interfaces between the provider and its optional companion artifacts. Not an API for
 * applications: they may change in any release, together with the artifacts that implement them.
 */
package io.memjcache.jcache.internal;
