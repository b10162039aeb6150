package io.memjcache.jcache.client;

import java.io.IOException;

/**
 * {@code mn}: answered by {@code MN} once every request before it has been answered, which ends a pipelined
 * batch of quiet commands. Also the liveness probe of idle pooled connections. Stateless singleton, thread-safe;
 * its answer is never {@code null}.
 */
final class MetaNoopCommand implements MetaCommand<Boolean> {

    static final MetaNoopCommand INSTANCE = new MetaNoopCommand();

    private MetaNoopCommand() {}

    @Override
    public void writeTo(MetaOutput connection) throws IOException {
        connection.writeAscii("mn\r\n");
    }

    @Override
    public Boolean readAnswer(ResponseLine line, MetaInput connection) throws ErrorResponseException {
        if (!isEnd(line)) {
            throw Answers.unexpected(line, this);
        }
        return Boolean.TRUE;
    }

    /** @return whether {@code line} is the no-op's answer */
    static boolean isEnd(ResponseLine line) {
        return line.code().equals("MN");
    }

    @Override
    public String describe() {
        return "mn";
    }
}
