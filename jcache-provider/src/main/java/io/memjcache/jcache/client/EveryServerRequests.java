package io.memjcache.jcache.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The requests a {@link MemcachedClient} makes of every server at once, in parallel ({@link ServerFanOut}): the
 * listing of keys by prefix ({@code lru_crawler metadump}, also of one server alone) and the check that each server
 * can serve. See the client's methods of the same names.
 *
 * <p>Thread-safe (the pools and the fan-out are). Arguments must not be null; nothing returns null.
 */
final class EveryServerRequests {

    private final ClientConfig config;
    private final List<ServerPool> pools;
    private final ServerFanOut fanOut;
    /** The client's open check: throws once the client is closed. */
    private final Runnable ensureOpen;
    /** The client's pool of a server (failing for a server not its own, and once the client is closed). */
    private final Function<ServerAddress, ServerPool> poolOf;

    EveryServerRequests(
            ClientConfig config,
            List<ServerPool> pools,
            ServerFanOut fanOut,
            Runnable ensureOpen,
            Function<ServerAddress, ServerPool> poolOf) {
        this.config = config;
        this.pools = pools;
        this.fanOut = fanOut;
        this.ensureOpen = ensureOpen;
        this.poolOf = poolOf;
    }

    /** Every server's live keys starting with {@code prefix}. */
    List<String> keysWithPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        MetadumpCommand command =
                new MetadumpCommand(prefix, config.operationTimeout().toNanos());
        Map<Integer, List<Integer>> everyServer = new LinkedHashMap<>();
        for (int i = 0; i < pools.size(); i++) {
            everyServer.put(i, List.of());
        }
        ensureOpen.run();
        List<List<String>> perServer = fanOut.onServers(
                everyServer, (index, unused) -> pools.get(index).executeDedicated(command::execute));
        List<String> keys = new ArrayList<>();
        perServer.forEach(keys::addAll);
        return keys;
    }

    /** {@code server}'s live keys starting with {@code prefix}. */
    List<String> keysWithPrefixOn(ServerAddress server, String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        MetadumpCommand command =
                new MetadumpCommand(prefix, config.operationTimeout().toNanos());
        return poolOf.apply(server).executeDedicated(command::execute);
    }

    /** @return one line per server that cannot serve, in configuration order */
    List<String> checkServers() {
        Map<Integer, ServerAddress> everyServer = new LinkedHashMap<>();
        for (int i = 0; i < pools.size(); i++) {
            everyServer.put(i, config.servers().get(i));
        }
        ensureOpen.run();
        List<String> problems = new ArrayList<>();
        List<Optional<String>> perServer = fanOut.onServers(everyServer, (index, server) -> Optional.ofNullable(
                        pools.get(index).check())
                .map(problem -> server + ": " + problem));
        perServer.forEach(problem -> problem.ifPresent(problems::add));
        return problems;
    }
}
