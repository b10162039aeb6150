package io.memjcache.jcache.store;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * Names the memcached keys of one cache: every entry of the cache lives under {@code m:<ns>:<hash of key>} and
 * every server keeps its own generation counter of the cache under {@code m:<ns>#gen} (addressed to that server,
 * not placed by the ring), where {@code ns} is derived from the cache manager's URI and the cache's name. Hashing keeps memcached keys short, printable and within memcached's 250-byte limit whatever the
 * application's key is; the full key is kept inside the stored value so a hash collision is detected on read.
 *
 * <p>Immutable and thread-safe. No method accepts or returns {@code null}.
 */
public final class CacheNamespace {

    /** Characters of the hash kept as the namespace: 96 bits, enough to keep caches apart. */
    private static final int NAMESPACE_LENGTH = 16;

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /**
     * Cloned for every hash: {@code MessageDigest.getInstance} searches the security providers and instantiates by
     * reflection, which cost more than the hashing itself on every key of every operation.
     */
    private static final MessageDigest SHA256 = newSha256();

    private final String namespace;
    private final String entryPrefix;
    private final String generationKey;

    private CacheNamespace(String namespace) {
        this.namespace = namespace;
        this.entryPrefix = "m:" + namespace + ":";
        this.generationKey = "m:" + namespace + "#gen";
    }

    /**
     * @param managerUri the URI of the cache manager owning the cache
     * @param cacheName  the cache's name
     * @return the namespace of that cache; the same in every JVM
     */
    public static CacheNamespace of(URI managerUri, String cacheName) {
        Objects.requireNonNull(managerUri, "managerUri");
        return of(managerUri.toString(), cacheName);
    }

    /**
     * @param managerNamespace what names the cache manager's caches (its URI unless {@code memjcache.namespace} says
     *     otherwise)
     * @param cacheName        the cache's name
     * @return the namespace of that cache
     */
    public static CacheNamespace of(String managerNamespace, String cacheName) {
        Objects.requireNonNull(managerNamespace, "managerNamespace");
        Objects.requireNonNull(cacheName, "cacheName");
        byte[] digest = sha256((managerNamespace + "\u0000" + cacheName).getBytes(StandardCharsets.UTF_8));
        return new CacheNamespace(BASE64URL.encodeToString(digest).substring(0, NAMESPACE_LENGTH));
    }

    /** @return the namespace part shared by every key of the cache */
    public String namespace() {
        return namespace;
    }

    /** @return the prefix of every entry key of this cache, used to enumerate the cache's entries */
    public String entryPrefix() {
        return entryPrefix;
    }

    /** @return the key each server keeps the cache's counter under; incrementing them all empties the cache */
    public String generationKey() {
        return generationKey;
    }

    /**
     * @return the key each server keeps the counter of the cache's replica copies under (with replicas): entries
     *     copied to a server that does not own them are live only while their stamp equals this counter there
     */
    public String replicaGenerationKey() {
        return "m:" + namespace + "#rgen";
    }

    /**
     * @param entryKey an entry key of this cache ({@link #entryKey})
     * @return the key a replica server keeps that entry's copy under, {@code m:<ns>;<hash of key>}: apart from the
     *     entries it owns, so its own entries and its copies never meet, and listing the cache's entries by
     *     {@link #entryPrefix()} finds each entry once
     */
    public String replicaKey(String entryKey) {
        if (!entryKey.startsWith(entryPrefix)) {
            throw new IllegalArgumentException(entryKey + " is not an entry key of " + this);
        }
        return replicaPrefix() + entryKey.substring(entryPrefix.length());
    }

    /** @return the prefix of every replica key of this cache, to enumerate the copies a server keeps */
    public String replicaPrefix() {
        return "m:" + namespace + ";";
    }

    /** @return the entry key a replica key ({@link #replicaKey}) is the copy of */
    public String entryKeyOfReplica(String replicaKey) {
        if (!replicaKey.startsWith(replicaPrefix())) {
            throw new IllegalArgumentException(replicaKey + " is not a replica key of " + this);
        }
        return entryPrefix + replicaKey.substring(replicaPrefix().length());
    }

    /**
     * @param entryKey an entry key of this cache ({@link #entryKey})
     * @return the key of that entry's delete marker, {@code m:<ns>!<hash of key>}: a key never stored (see
     *     {@link DeleteMarkers}), apart from the entries and their copies so that no listing by prefix finds it
     */
    public String deleteMarkerKey(String entryKey) {
        if (!entryKey.startsWith(entryPrefix)) {
            throw new IllegalArgumentException(entryKey + " is not an entry key of " + this);
        }
        return deleteMarkerPrefix() + entryKey.substring(entryPrefix.length());
    }

    /** @return the prefix of every delete marker key of this cache */
    public String deleteMarkerPrefix() {
        return "m:" + namespace + "!";
    }

    /**
     * @param serializedKey the application key as serialized
     * @return the memcached key holding that entry
     */
    public String entryKey(byte[] serializedKey) {
        return entryPrefix + BASE64URL.encodeToString(sha256(serializedKey));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return ((MessageDigest) SHA256.clone()).digest(bytes);
        } catch (CloneNotSupportedException e) {
            // The JDK's SHA-256 implementations are all cloneable.
            throw new IllegalStateException("SHA-256 digest not cloneable", e);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (java.security.MessageDigest's contract).
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "CacheNamespace[" + namespace + "]";
    }
}
