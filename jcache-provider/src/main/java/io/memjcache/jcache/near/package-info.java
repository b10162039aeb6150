/**
 * The near cache: entries a JVM keeps in its own memory in front of the servers, validated per read ({@code strict})
 * or invalidated from the servers' watch streams within a staleness bound ({@code eventual}). Internal: not part of
 * the provider's API.
 */
@NullMarked
package io.memjcache.jcache.near;

import org.jspecify.annotations.NullMarked;
