package io.memjcache.server.compat;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.memjcache.server.testsupport.ServerUnderTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Validates the differential harness itself: two instances of the reference memcached must give identical
 * normalised answers to every script. A failure here means a script depends on something other than protocol
 * behaviour (timing, process identity) or the normalisation is too narrow; it is never the project server's
 * fault.
 */
class ReferenceAgreementTest {

    @TestFactory
    Stream<DynamicTest> twoMemcachedInstancesAgree() {
        return CompatScripts.all().stream()
                .map(script -> dynamicTest(
                        script.name(),
                        () -> ScriptPair.assertSameAnswers(
                                script,
                                options -> ServerUnderTest.reference(options.memcachedArguments()),
                                options -> ServerUnderTest.reference(options.memcachedArguments()))));
    }
}
