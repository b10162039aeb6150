package io.memjcache.jcache.serialization;

import java.io.Serializable;

/**
 * A serializable top-level test value that {@link IsolatingClassLoader} can define on its own. Immutable and
 * thread-safe; the label may be {@code null} (tests never pass one).
 */
public record LoaderProbe(String label) implements Serializable {}
