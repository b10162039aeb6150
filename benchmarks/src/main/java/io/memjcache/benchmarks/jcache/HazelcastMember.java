package io.memjcache.benchmarks.jcache;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import io.memjcache.benchmarks.process.ChildProcesses;

/**
 * The main class of the Hazelcast member JVM the harness starts for the Hazelcast client target: one member on
 * loopback at the given port, no discovery (it forms a cluster of one), JCache served by default. Prints {@link
 * #READY} once it accepts clients, and halts when the harness that started it goes away.
 */
public final class HazelcastMember {

    static final String READY = "HAZELCAST-MEMBER-READY";

    private HazelcastMember() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: HazelcastMember <port>");
        }
        ChildProcesses.haltWhenParentExits();
        Config config = new Config();
        config.setClusterName(JCacheTargets.HAZELCAST_CLUSTER);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setPort(Integer.parseInt(args[0])).setPortAutoIncrement(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        Hazelcast.newHazelcastInstance(config);
        System.out.println(READY);
        System.out.flush();
    }
}
