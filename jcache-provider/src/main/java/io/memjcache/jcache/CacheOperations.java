package io.memjcache.jcache;

/**
 * The operation families of one cache, made once per cache and shared by its blocking methods, the views
 * {@link MemjcacheCache#withExecutor} makes of it, and its asynchronous chains.
 *
 * <p>Thread-safe (each family is). No component is {@code null}.
 *
 * @param reads    get, getAll, containsKey
 * @param writes   put, getAndPut, putIfAbsent
 * @param removes  the removes and getAndRemove
 * @param replaces the replaces and getAndReplace
 * @param bulk     putAll and removeAll
 * @param invokes  invoke and invokeAll, with this JVM's per-key locks
 * @param <K>      the key type
 * @param <V>      the value type
 */
record CacheOperations<K, V>(
        ReadOperations<K, V> reads,
        WriteOperations<K, V> writes,
        RemoveOperations<K, V> removes,
        ReplaceOperations<K, V> replaces,
        BulkOperations<K, V> bulk,
        InvokeOperations<K, V> invokes) {

    /** @return the operations of the cache whose shared parts are {@code core} */
    static <K, V> CacheOperations<K, V> of(CacheCore<K, V> core) {
        WriteOperations<K, V> writes = new WriteOperations<>(core);
        return new CacheOperations<>(
                new ReadOperations<>(core),
                writes,
                new RemoveOperations<>(core),
                new ReplaceOperations<>(core),
                new BulkOperations<>(core, writes),
                new InvokeOperations<>(core));
    }
}
