package io.memjcache.server.compat;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.memjcache.server.testsupport.ServerUnderTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Byte-for-byte comparison of the project's server with the reference memcached: every script under
 * {@code compat/} and {@code compat-binary/} is played against both, and each step's answer must be identical after normalising only CAS
 * values and the version string (see {@link ResponseNormalizer}).
 *
 * <p>One dynamic test per script, so a failure names the protocol feature.
 */
class DifferentialProtocolTest {

    @TestFactory
    Stream<DynamicTest> answersLikeMemcached() {
        return Stream.concat(CompatScripts.all().stream(), CompatScripts.binary().stream())
                .map(script -> dynamicTest(
                        script.name(),
                        () -> ScriptPair.assertSameAnswers(
                                script,
                                options -> ServerUnderTest.reference(
                                        options.memcachedEnvironment(), options.memcachedArguments()),
                                options -> ServerUnderTest.bundled(options::applyTo))));
    }
}
