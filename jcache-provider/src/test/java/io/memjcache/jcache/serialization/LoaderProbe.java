package io.memjcache.jcache.serialization;

import java.io.Serializable;

/** A serializable top-level test value that {@link IsolatingClassLoader} can define on its own. Immutable. */
public record LoaderProbe(String label) implements Serializable {
}
