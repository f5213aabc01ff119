package io.zoomqos.collector.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.zoomqos.collector.config.ZoomAccounts;
import io.zoomqos.collector.config.ZoomProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;
import io.r2dbc.spi.ConnectionFactories;
import io.zoomqos.collector.live.LiveEventLog;
import io.zoomqos.collector.live.QosFeed;
import io.zoomqos.collector.live.SampleReplay;
import io.zoomqos.collector.store.DatabaseEndpoint;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.ObjectMapper;

@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    @Bean
    AccountLeases accountLeases(PostgresLeaseStore store, ClusterProperties properties, ZoomAccounts accounts) {
        String holder = properties.replicaId() != null && !properties.replicaId().isBlank()
                ? properties.replicaId()
                : hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new AccountLeases(store, properties, accounts.all().stream().map(ZoomProperties.Account::id).toList(),
                holder, Schedulers.parallel(), () -> System.nanoTime() / 1_000_000);
    }

    /**
     * {@code qos.cluster.lease.held{account}}: 1 on the replica driving the account, 0 elsewhere;
     * summed over replicas, 0 means nobody polls the account (alert ZoomQosAccountNotDriven).
     */
    @Bean
    MeterBinder leaseMetrics(AccountLeases leases, ZoomAccounts accounts) {
        return registry -> accounts.all().forEach(account -> Gauge.builder("qos.cluster.lease.held",
                        leases, l -> l.held().contains(account.id()) ? 1 : 0)
                .tag("account", account.id())
                .description("1 while this replica holds the account's lease")
                .register(registry));
    }

    /** LISTEN holds its connection for good, so it gets its own, outside the pool. */
    @Bean
    ClusterFanout clusterFanout(DatabaseEndpoint endpoint, DatabaseClient db, QosFeed feed, SampleReplay samples,
                                LiveEventLog events, AccountLeases leases, ObjectMapper json, ClusterProperties properties) {
        return new ClusterFanout(ConnectionFactories.get(endpoint.options()), db, feed, samples, events,
                leases.holder(), json, properties.notifyEvery(), Schedulers.parallel());
    }

    @Bean
    SmartLifecycle clusterFanoutLifecycle(ClusterFanout fanout) {
        return new SmartLifecycle() {
            private Disposable running;

            @Override
            public void start() {
                running = fanout.run();
            }

            @Override
            public void stop() {
                running.dispose();
            }

            @Override
            public boolean isRunning() {
                return running != null && !running.isDisposed();
            }
        };
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "replica";
        }
    }
}
