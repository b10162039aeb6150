package io.memjcache.micrometer;

import io.memjcache.jcache.internal.BackgroundRegistrations;
import io.memjcache.jcache.management.MBeans;
import io.memjcache.jcache.management.ServerStatisticsMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import javax.management.InstanceNotFoundException;
import javax.management.JMX;
import javax.management.ListenerNotFoundException;
import javax.management.MBeanServer;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerNotification;
import javax.management.MalformedObjectNameException;
import javax.management.Notification;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ObjectName;

/**
 * Binds the statistics of every memcached server of every open memjcache cache manager to Micrometer: the
 * {@link ServerStatisticsMXBean}s the provider registers on the platform MBean server, found there when bound and
 * followed afterwards (a manager opened later gets its meters when it registers its beans; a manager closing takes
 * its meters away). Every meter is tagged {@code manager} (the manager's URI) and {@code server} ({@code host:port}):
 * <ul>
 *   <li>{@code memjcache.server.up}: 1 while the server is up, 0 while it is marked down;</li>
 *   <li>{@code memjcache.server.requests}, {@code .errors}, {@code .timeouts}, {@code .outages},
 *       {@code .connections.opened}: counters;</li>
 *   <li>{@code memjcache.server.latency}: a timer (count and total) of every request, and the time gauges
 *       {@code memjcache.server.latency.max}, {@code .p50}, {@code .p99} (since the manager started);</li>
 *   <li>{@code memjcache.server.connections.shared.busy}, {@code .pooled.active}, {@code .pooled.idle}:
 *       gauges.</li>
 * </ul>
 * Spring Boot creates one through {@link MemjcacheMetricsAutoConfiguration}; elsewhere, create one and call
 * {@link #bindTo(MeterRegistry)}, and close it to stop following the managers.
 *
 * <p>Thread-safe. Arguments must not be {@code null}.
 */
public final class MemjcacheServerMetrics implements MeterBinder, AutoCloseable {

    private static final String PREFIX = "memjcache.server.";

    private final MBeanServer mbeans;
    private final Tags extraTags;
    private final ObjectName pattern;
    private final NotificationListener listener = this::beanChanged;
    /** Guarded by this: the registries bound, and per bean its proxy and meters in each registry. */
    private final List<MeterRegistry> registries = new ArrayList<>();

    private final Map<ObjectName, Bound> bound = new HashMap<>();
    /** The longest {@link #bindTo} waits for the provider's pending registrations (normally a few milliseconds). */
    private static final Duration AWAIT_REGISTRATIONS = Duration.ofSeconds(5);

    private boolean listening;

    /** Follows the platform MBean server, where the provider registers its beans. */
    public MemjcacheServerMetrics() {
        this(Tags.empty());
    }

    /** @param tags added to every meter, besides {@code manager} and {@code server} */
    public MemjcacheServerMetrics(Iterable<Tag> tags) {
        this.mbeans = ManagementFactory.getPlatformMBeanServer();
        this.extraTags = Tags.of(tags);
        try {
            this.pattern = new ObjectName(MBeans.SERVER_STATISTICS_DOMAIN + ":type=" + MBeans.SERVER_STATISTICS + ",*");
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (!listening) {
            NotificationFilter filter = notification -> notification instanceof MBeanServerNotification;
            try {
                mbeans.addNotificationListener(MBeanServerDelegate.DELEGATE_NAME, listener, filter, null);
            } catch (InstanceNotFoundException e) {
                throw new IllegalStateException("the MBean server has no delegate", e);
            }
            listening = true;
        }
        registries.add(registry);
        // Managers created before any MBean server existed register their beans in the background: see them all.
        BackgroundRegistrations.awaitPending(AWAIT_REGISTRATIONS);
        for (ObjectName name : mbeans.queryNames(pattern, null)) {
            Bound known = bound.computeIfAbsent(name, this::proxy);
            known.meters.addAll(meters(registry, name, known.bean));
        }
    }

    private void beanChanged(Notification notification, Object handback) {
        MBeanServerNotification change = (MBeanServerNotification) notification;
        ObjectName name = change.getMBeanName();
        if (!pattern.apply(name)) {
            return;
        }
        synchronized (this) {
            if (MBeanServerNotification.REGISTRATION_NOTIFICATION.equals(change.getType())) {
                Bound fresh = proxy(name);
                Bound previous = bound.put(name, fresh);
                if (previous != null) {
                    previous.remove();
                }
                for (MeterRegistry registry : registries) {
                    fresh.meters.addAll(meters(registry, name, fresh.bean));
                }
            } else if (MBeanServerNotification.UNREGISTRATION_NOTIFICATION.equals(change.getType())) {
                Bound gone = bound.remove(name);
                if (gone != null) {
                    gone.remove();
                }
            }
        }
    }

    private Bound proxy(ObjectName name) {
        return new Bound(JMX.newMXBeanProxy(mbeans, name, ServerStatisticsMXBean.class));
    }

    /** @return the meters of the bean {@code name}, read through {@code bean}, registered with {@code registry} */
    private List<Meter> meters(MeterRegistry registry, ObjectName name, ServerStatisticsMXBean bean) {
        Tags tags = extraTags.and(
                "manager", ObjectName.unquote(name.getKeyProperty("manager")),
                "server", ObjectName.unquote(name.getKeyProperty("server")));
        List<Meter> meters = new ArrayList<>();
        ToDoubleFunction<ServerStatisticsMXBean> requests = read(ServerStatisticsMXBean::getRequests); // NaN: 0
        meters.add(Gauge.builder(PREFIX + "up", bean, read(b -> b.isUp() ? 1 : 0))
                .tags(tags)
                .description("1 while the server is up, 0 while it is marked down")
                .register(registry));
        meters.add(counter(registry, "requests", bean, tags, ServerStatisticsMXBean::getRequests, "requests sent"));
        meters.add(counter(registry, "errors", bean, tags, ServerStatisticsMXBean::getErrors, "requests failed"));
        meters.add(counter(
                registry, "timeouts", bean, tags, ServerStatisticsMXBean::getTimeouts, "requests that timed out"));
        meters.add(counter(
                registry,
                "outages",
                bean,
                tags,
                ServerStatisticsMXBean::getOutages,
                "times the server was marked down"));
        meters.add(counter(
                registry,
                "connections.opened",
                bean,
                tags,
                ServerStatisticsMXBean::getConnectionsOpened,
                "connections opened"));
        meters.add(FunctionTimer.builder(
                        PREFIX + "latency",
                        bean,
                        b -> (long) requests.applyAsDouble(b),
                        read(ServerStatisticsMXBean::getLatencyTotalMicros),
                        TimeUnit.MICROSECONDS)
                .tags(tags)
                .description("latency of every request, from its start to its answer or failure")
                .register(registry));
        meters.add(timeGauge(registry, "latency.max", bean, tags, ServerStatisticsMXBean::getLatencyMaxMicros));
        meters.add(timeGauge(registry, "latency.p50", bean, tags, ServerStatisticsMXBean::getLatencyP50Micros));
        meters.add(timeGauge(registry, "latency.p99", bean, tags, ServerStatisticsMXBean::getLatencyP99Micros));
        meters.add(gauge(
                registry, "connections.shared.busy", bean, tags, ServerStatisticsMXBean::getSharedConnectionsBusy));
        meters.add(gauge(
                registry, "connections.pooled.active", bean, tags, ServerStatisticsMXBean::getPooledConnectionsActive));
        meters.add(gauge(
                registry, "connections.pooled.idle", bean, tags, ServerStatisticsMXBean::getPooledConnectionsIdle));
        return meters;
    }

    private static Meter counter(
            MeterRegistry registry,
            String name,
            ServerStatisticsMXBean bean,
            Tags tags,
            ToDoubleFunction<ServerStatisticsMXBean> value,
            String description) {
        return FunctionCounter.builder(PREFIX + name, bean, read(value))
                .tags(tags)
                .description(description)
                .register(registry);
    }

    private static Meter gauge(
            MeterRegistry registry,
            String name,
            ServerStatisticsMXBean bean,
            Tags tags,
            ToDoubleFunction<ServerStatisticsMXBean> value) {
        return Gauge.builder(PREFIX + name, bean, read(value)).tags(tags).register(registry);
    }

    private static Meter timeGauge(
            MeterRegistry registry,
            String name,
            ServerStatisticsMXBean bean,
            Tags tags,
            ToDoubleFunction<ServerStatisticsMXBean> micros) {
        return TimeGauge.builder(PREFIX + name, bean, TimeUnit.MICROSECONDS, read(micros))
                .tags(tags)
                .register(registry);
    }

    /**
     * @return {@code value}, or NaN once the bean is gone (a manager closing between a scrape and the notification
     *     that removes its meters)
     */
    private static ToDoubleFunction<ServerStatisticsMXBean> read(ToDoubleFunction<ServerStatisticsMXBean> value) {
        return bean -> {
            try {
                return value.applyAsDouble(bean);
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        };
    }

    /** Stops following the managers and removes every meter this bound. */
    @Override
    public synchronized void close() {
        if (listening) {
            try {
                mbeans.removeNotificationListener(MBeanServerDelegate.DELEGATE_NAME, listener);
            } catch (InstanceNotFoundException | ListenerNotFoundException e) {
                // Already gone: nothing left to stop.
            }
            listening = false;
        }
        bound.values().forEach(Bound::remove);
        bound.clear();
        registries.clear();
    }

    /** One bean's proxy (held strongly here: the meters hold their state weakly) and its meters in every registry. */
    private final class Bound {
        private final ServerStatisticsMXBean bean;
        private final List<Meter> meters = new ArrayList<>();

        Bound(ServerStatisticsMXBean bean) {
            this.bean = bean;
        }

        void remove() {
            for (Meter meter : meters) {
                for (MeterRegistry registry : registries) {
                    registry.remove(meter);
                }
            }
            meters.clear();
        }
    }
}
