package io.memjcache.server.compat;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.memjcache.server.testsupport.ServerUnderTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Validates the differential harness itself: two instances of the reference memcached must give identical
 * normalised answers to every script, text and binary. A failure here means a script depends on something other than protocol
 * behaviour (timing, process identity) or the normalisation is too narrow; it is never the project server's
 * fault.
 */
class ReferenceAgreementTest {

    @TestFactory
    Stream<DynamicTest> twoMemcachedInstancesAgree() {
        return Stream.concat(CompatScripts.all().stream(), CompatScripts.binary().stream())
                .map(script -> dynamicTest(
                        script.name(),
                        () -> ScriptPair.assertSameAnswers(
                                script, ReferenceAgreementTest::reference, ReferenceAgreementTest::reference)));
    }

    private static ServerUnderTest reference(ServerOptions options) {
        return ServerUnderTest.reference(options.memcachedEnvironment(), options.memcachedArguments());
    }
}
