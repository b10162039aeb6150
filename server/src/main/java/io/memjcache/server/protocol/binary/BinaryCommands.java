package io.memjcache.server.protocol.binary;

import io.memjcache.server.auth.PasswordDatabase;
import io.memjcache.server.auth.SaslPlain;
import io.memjcache.server.command.Commands;
import io.memjcache.server.command.CounterOperation;
import io.memjcache.server.command.DeleteOperation;
import io.memjcache.server.command.Retrieval;
import io.memjcache.server.command.StoreMode;
import io.memjcache.server.command.StoreOperations;
import io.memjcache.server.net.ConnectionHandler;
import io.memjcache.server.net.ServerContext;
import io.memjcache.server.store.Item;
import io.memjcache.server.store.KeyBuffer;
import io.memjcache.server.store.WatchCmd;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One binary-protocol connection's requests, executed through the shared {@link Commands} and answered as
 * memcached 1.6's {@code proto_bin.c} answers them: quiet forms answer only misses of non-get commands and errors,
 * a store's success carries the new CAS, a refused set drops the key's old value, SASL PLAIN authenticates against
 * the server's password file. Framing and the checks of lengths are {@link BinaryFraming}'s.
 *
 * <p>Internal, not API. Not thread-safe: confined to its connection's event loop.
 */
public final class BinaryCommands implements BinaryFraming.Session {

    /** memcached's {@code MAX_SASL_MECH_LEN}. */
    private static final int MAX_MECHANISM_LENGTH = 32;

    private static final byte[] AUTHENTICATED = "Authenticated".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_BODY = new byte[0];

    private final ConnectionHandler c;
    private final ServerContext server;
    private final Commands commands;
    private final BinaryFraming framing;
    private final @Nullable SaslPlain sasl;
    private final BinaryStats stats;

    /** The request whose hit is being written (read by {@link #writeHit}). */
    private @Nullable BinaryRequest current;

    private boolean currentWithKey;
    private boolean currentWithValue;

    /** @param users the SASL users, or null when SASL is off */
    public BinaryCommands(ConnectionHandler c, @Nullable PasswordDatabase users) {
        this.c = c;
        this.server = c.server;
        this.commands = server.commands;
        this.framing = new BinaryFraming(this, users != null);
        this.sasl = users == null ? null : new SaslPlain(users);
        this.stats = new BinaryStats(server);
    }

    /** @return the framing of this connection's input */
    public BinaryFraming framing() {
        return framing;
    }

    @Override
    public void execute(BinaryRequest request) {
        c.lastCommandAt = server.store.now();
        switch (request.command()) {
            case Opcodes.GET, Opcodes.GETK -> retrieve(request, false);
            case Opcodes.TOUCH, Opcodes.GAT, Opcodes.GATK -> retrieve(request, true);
            case Opcodes.SET, Opcodes.ADD, Opcodes.REPLACE, Opcodes.APPEND, Opcodes.PREPEND -> store(request);
            case Opcodes.DELETE -> delete(request);
            case Opcodes.INCREMENT, Opcodes.DECREMENT -> count(request);
            case Opcodes.NOOP -> success(request, 0, NO_BODY);
            case Opcodes.VERSION ->
                success(request, 0, commands.server.version().getBytes(StandardCharsets.US_ASCII));
            case Opcodes.QUIT -> {
                success(request, 0, NO_BODY);
                framing.stop();
                c.closeAfterFlush();
            }
            case Opcodes.FLUSH -> {
                commands.server.countFlush();
                commands.server.flushAll(request.extrasInt(0), c.key.cfd);
                success(request, 0, NO_BODY);
            }
            case Opcodes.STAT -> stats.answer(c.out(), request);
            case Opcodes.SASL_LIST_MECHS -> {
                if (sasl == null) {
                    refuse(request, Status.UNKNOWN_COMMAND, false);
                } else {
                    success(request, 0, SaslPlain.MECHANISM.getBytes(StandardCharsets.US_ASCII));
                }
            }
            case Opcodes.SASL_AUTH, Opcodes.SASL_STEP -> authenticate(request);
            default -> throw new IllegalStateException("framing passed an unknown opcode: " + request);
        }
    }

    private void retrieve(BinaryRequest request, boolean touch) {
        KeyBuffer key = key(request);
        int command = request.command();
        long now = server.store.now();
        long expiresAt = touch ? server.store.expiryFromProtocol(request.extrasInt(0), now) : 0;
        current = request;
        currentWithKey = command == Opcodes.GETK || command == Opcodes.GATK;
        currentWithValue = command != Opcodes.TOUCH;
        int found = commands.retrieval.fetch(key, now, touch, expiresAt, this, BinaryCommands::writeHit);
        current = null;
        if (found != Retrieval.MISS || request.quiet()) {
            return;
        }
        if (currentWithKey) {
            BinaryResponses.missWithKey(c.out(), request);
        } else {
            BinaryResponses.error(c.out(), request, Status.KEY_NOT_FOUND);
        }
    }

    private static int writeHit(BinaryCommands self, Item item) {
        BinaryRequest request = self.current;
        if (request == null) {
            throw new IllegalStateException("a hit outside a retrieval");
        }
        int valueLength = self.currentWithValue ? item.valueLength() : 0;
        BinaryResponses.hit(
                self.c.out(),
                request,
                item.cas,
                item.clientFlags,
                self.currentWithKey,
                item.data,
                item.keyLength(),
                valueLength);
        return BinaryFraming.HEADER_LENGTH + 4 + valueLength;
    }

    private void store(BinaryRequest request) {
        KeyBuffer key = key(request);
        int command = request.command();
        boolean concatenation = command == Opcodes.APPEND || command == Opcodes.PREPEND;
        int clientFlags = concatenation ? 0 : (int) request.extrasInt(0);
        long expiresAt = concatenation ? 0 : server.store.expiryFromProtocol(request.extrasInt(4), server.store.now());
        StoreMode mode =
                switch (command) {
                    case Opcodes.APPEND -> StoreMode.APPEND;
                    case Opcodes.PREPEND -> StoreMode.PREPEND;
                    default -> request.cas() != 0 ? StoreMode.CAS : storeMode(command);
                };
        server.prefixStats.recordSet(key.bytes, key.length);
        long valueLength = request.valueLength();
        int claimed = (int) Math.min(valueLength, Integer.MAX_VALUE - 16L - key.length);
        StoreOperations.Admission admission = commands.storage.admit(key.length, clientFlags, claimed);
        if (admission != StoreOperations.Admission.ADMITTED) {
            // memcached answers, discards the value, and for a set drops the key's old value.
            refuse(request, admission == StoreOperations.Admission.TOO_LARGE ? Status.TOO_LARGE : Status.OUT_OF_MEMORY);
            framing.swallow(valueLength);
            if (command == Opcodes.SET) {
                commands.deletion.dropStale(key);
            }
            return;
        }
        long reserved = StoreOperations.reservation(key.length, claimed);
        byte[] data = new byte[key.length + claimed + 2];
        System.arraycopy(key.bytes, 0, data, 0, key.length);
        c.state = "conn_nread";
        framing.readValue(data, key.length, claimed, new BinaryFraming.ValueCompletion() {
            @Override
            public void complete(byte[] target) {
                c.state = "conn_new_cmd";
                target[target.length - 2] = '\r';
                target[target.length - 1] = '\n';
                // The connection's key buffer is shared by its requests; the value may arrive after other reads,
                // so the key is set again from this request.
                KeyBuffer storeKey = key(request);
                StoreOperations.Outcome outcome = commands.storage.store(
                        reserved, storeKey, target, clientFlags, expiresAt, request.cas(), mode, false, 0);
                answerStore(request, outcome);
            }

            @Override
            public void abandon() {
                commands.storage.release(reserved);
            }
        });
    }

    private static StoreMode storeMode(int command) {
        return switch (command) {
            case Opcodes.ADD -> StoreMode.ADD;
            case Opcodes.REPLACE -> StoreMode.REPLACE;
            default -> StoreMode.SET;
        };
    }

    private void answerStore(BinaryRequest request, StoreOperations.Outcome outcome) {
        int command = request.command();
        switch (outcome.status()) {
            case STORED -> success(request, outcome.cas(), NO_BODY);
            case EXISTS -> refuse(request, Status.KEY_EXISTS);
            case NOT_FOUND -> refuse(request, Status.KEY_NOT_FOUND);
            case NOT_STORED, NO_MEMORY ->
                refuse(
                        request,
                        command == Opcodes.ADD
                                ? Status.KEY_EXISTS
                                : command == Opcodes.REPLACE ? Status.KEY_NOT_FOUND : Status.NOT_STORED);
        }
    }

    private void delete(BinaryRequest request) {
        KeyBuffer key = key(request);
        server.prefixStats.recordDelete(key.bytes, key.length);
        DeleteOperation.Result result =
                commands.deletion.delete(key, request.cas() != 0, request.cas(), false, -1, WatchCmd.DELETE);
        switch (result) {
            case DELETED -> success(request, 0, NO_BODY);
            case NOT_FOUND -> refuse(request, Status.KEY_NOT_FOUND);
            case EXISTS -> refuse(request, Status.KEY_EXISTS);
        }
    }

    private void count(BinaryRequest request) {
        KeyBuffer key = key(request);
        long delta = request.extrasLong(0);
        long initial = request.extrasLong(8);
        long exptime = request.extrasInt(16);
        // An expiry of 0xffffffff means "do not create the item on a miss".
        CounterOperation.Vivify vivify = exptime == 0xFFFF_FFFFL
                ? CounterOperation.Vivify.NONE
                : new CounterOperation.Vivify(
                        true, initial, server.store.expiryFromProtocol(exptime, server.store.now()));
        CounterOperation.Result result =
                commands.counters.apply(key, request.command() == Opcodes.INCREMENT, delta, request.cas(), vivify, -1);
        switch (result.status()) {
            case OK, CREATED -> {
                byte[] value = new byte[8];
                long v = result.value();
                for (int i = 7; i >= 0; i--) {
                    value[i] = (byte) v;
                    v >>>= 8;
                }
                success(request, result.cas(), value);
            }
            case NOT_FOUND -> refuse(request, Status.KEY_NOT_FOUND);
            case NON_NUMERIC -> refuse(request, Status.NON_NUMERIC);
            case CAS_MISMATCH -> refuse(request, Status.KEY_EXISTS);
        }
    }

    private void authenticate(BinaryRequest request) {
        long valueLength = request.valueLength();
        SaslPlain plain = sasl;
        if (plain == null) {
            refuse(request, Status.UNKNOWN_COMMAND, false);
            framing.swallow(request.bodyLength() - request.key().length);
            return;
        }
        if (request.key().length > MAX_MECHANISM_LENGTH) {
            refuse(request, Status.INVALID_ARGUMENTS);
            framing.swallow(valueLength);
            return;
        }
        if (valueLength + request.key().length > server.config.maxItemSize()) {
            refuse(request, Status.OUT_OF_MEMORY);
            framing.swallow(valueLength);
            return;
        }
        String mechanism = new String(request.key(), StandardCharsets.US_ASCII);
        framing.readValue(new byte[(int) valueLength], 0, (int) valueLength, new BinaryFraming.ValueCompletion() {
            @Override
            public void complete(byte[] message) {
                SaslPlain.Outcome outcome;
                if (!SaslPlain.supports(mechanism)) {
                    Arrays.fill(message, (byte) 0);
                    outcome = SaslPlain.Outcome.FAILED;
                } else if (request.command() == Opcodes.SASL_AUTH) {
                    outcome = plain.start(message);
                } else {
                    outcome = plain.step(message);
                }
                // memcached starts every attempt unauthenticated.
                framing.authenticated(outcome == SaslPlain.Outcome.AUTHENTICATED);
                switch (outcome) {
                    case AUTHENTICATED -> {
                        server.stats.authCmds.increment();
                        BinaryResponses.success(c.out(), request, 0, AUTHENTICATED);
                    }
                    case CONTINUE -> BinaryResponses.header(c.out(), request, Status.AUTH_CONTINUE, 0, 0, 0, 0);
                    case FAILED -> {
                        server.stats.authCmds.increment();
                        server.stats.authErrors.increment();
                        BinaryResponses.error(c.out(), request, Status.AUTH_ERROR);
                    }
                }
            }

            @Override
            public void abandon() {}
        });
    }

    private KeyBuffer key(BinaryRequest request) {
        KeyBuffer key = c.key;
        byte[] bytes = request.key();
        System.arraycopy(bytes, 0, key.bytes, 0, bytes.length);
        key.base64 = false;
        key.rehash(bytes.length, server.store);
        return key;
    }

    /** A success: answered unless the request is a quiet form. */
    private void success(BinaryRequest request, long cas, byte[] body) {
        if (!request.quiet()) {
            BinaryResponses.success(c.out(), request, cas, body);
        }
    }

    /** An error: answered even to a quiet form. */
    private void refuse(BinaryRequest request, Status status) {
        BinaryResponses.error(c.out(), request, status);
    }

    @Override
    public void refuse(BinaryRequest request, Status status, boolean close) {
        refuse(request, status);
        if (close) {
            c.closeAfterFlush();
        }
    }

    @Override
    public void abort() {
        c.closeAfterFlush();
    }
}
