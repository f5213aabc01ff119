package io.zoomqos.collector.cluster;

import io.zoomqos.collector.config.ZoomAccounts;
import io.zoomqos.collector.config.ZoomProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    @Bean
    AccountLeases accountLeases(PostgresLeaseStore store, ClusterProperties properties, ZoomAccounts accounts) {
        String holder = properties.replicaId() != null && !properties.replicaId().isBlank()
                ? properties.replicaId()
                : hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new AccountLeases(store, properties, accounts.all().stream().map(ZoomProperties.Account::id).toList(),
                holder, Schedulers.parallel());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "replica";
        }
    }
}
