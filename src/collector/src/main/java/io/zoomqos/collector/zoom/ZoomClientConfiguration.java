package io.zoomqos.collector.zoom;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zoomqos.collector.config.ZoomAccounts;
import io.zoomqos.collector.config.ZoomEndpoints;
import io.zoomqos.collector.ratelimit.AccountBudgets;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

@Configuration(proxyBeanMethods = false)
class ZoomClientConfiguration {

    @Bean
    ZoomClient zoomClient(ZoomEndpoints endpoints, ZoomAccounts accounts, AccountBudgets budgets,
                          ZoomClientProperties properties, ObjectProvider<MeterRegistry> registry,
                          ObjectProvider<Clock> clock) {
        return new ZoomClient(endpoints, accounts, budgets, properties,
                registry.getIfUnique(SimpleMeterRegistry::new), clock.getIfUnique(Clock::systemUTC),
                Schedulers.parallel());
    }
}
