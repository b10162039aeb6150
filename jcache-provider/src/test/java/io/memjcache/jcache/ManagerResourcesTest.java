package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.client.ClientConfig;
import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.management.MBeans;
import io.memjcache.jcache.management.ServerStatisticsMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Server beans registered in the background (when no MBean server exists yet, so that a manager's creation does
 * not wait for JMX to start): registered once the background runs, never left behind by a release that comes first.
 */
class ManagerResourcesTest {

    private static final MBeanServer PLATFORM = ManagementFactory.getPlatformMBeanServer();

    /** A manager's resources and its one server bean, not yet registered. */
    private record Subject(ManagerResources.Registered registered, ObjectName name, ServerStatisticsMXBean bean) {}

    private static Subject subject(String uri) {
        // Connects lazily: the client never touches the network here.
        MemcachedClient client = MemcachedClient.create(ClientConfig.defaults());
        ManagerResources.Registered registered = ManagerResources.register(new Object(), client, null);
        ServerStatisticsMXBean bean = client.serverStatistics().get(0);
        return new Subject(registered, MBeans.serverObjectName(URI.create(uri), bean.getServer()), bean);
    }

    @Test
    void aBeanRegisteredInTheBackgroundIsUnregisteredWithTheManager() {
        Subject subject = subject("test:background-then-release");
        List<Runnable> later = new ArrayList<>();
        subject.registered().resources().registerSoon(Map.of(subject.name(), subject.bean()), false, later::add);
        assertFalse(PLATFORM.isRegistered(subject.name()), "registered before the background ran");
        later.forEach(Runnable::run);
        assertTrue(PLATFORM.isRegistered(subject.name()), "registered by the background");
        subject.registered().cleanable().clean();
        assertFalse(PLATFORM.isRegistered(subject.name()), "unregistered with the manager");
    }

    @Test
    void aBeanWhoseManagerWasReleasedBeforeTheBackgroundRanIsNeverRegistered() {
        Subject subject = subject("test:release-then-background");
        List<Runnable> later = new ArrayList<>();
        subject.registered().resources().registerSoon(Map.of(subject.name(), subject.bean()), false, later::add);
        subject.registered().cleanable().clean();
        later.forEach(Runnable::run);
        assertFalse(PLATFORM.isRegistered(subject.name()), "a released manager's bean was registered");
    }

    @Test
    void withAnMBeanServerTheBeanIsRegisteredAtOnce() {
        Subject subject = subject("test:at-once");
        subject.registered().resources().registerSoon(Map.of(subject.name(), subject.bean()));
        assertTrue(PLATFORM.isRegistered(subject.name()), "registered at once: the platform MBean server exists");
        subject.registered().cleanable().clean();
        assertFalse(PLATFORM.isRegistered(subject.name()));
    }
}
