package io.zoomqos.collector.zoom;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zoomqos.collector.config.ZoomAccounts;
import io.zoomqos.collector.config.ZoomEndpoints;
import io.zoomqos.collector.ratelimit.AccountBudget;
import io.zoomqos.collector.ratelimit.AccountBudgets;
import java.time.Clock;
import java.util.Collection;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

@Configuration(proxyBeanMethods = false)
class ZoomClientConfiguration {

    /**
     * The budgets are looked up at the first call rather than at start-up: the ratelimit feature
     * provides them, and this keeps the client buildable (and the service startable) on its own.
     * A missing budget bean still fails loudly, at the first Zoom call.
     */
    @Bean
    ZoomClient zoomClient(ZoomEndpoints endpoints, ZoomAccounts accounts, ObjectProvider<AccountBudgets> budgets,
                          ZoomClientProperties properties, ObjectProvider<MeterRegistry> registry,
                          ObjectProvider<Clock> clock) {
        AccountBudgets lazyBudgets = new AccountBudgets() {
            @Override
            public AccountBudget of(String accountId) {
                return budgets.getObject().of(accountId);
            }

            @Override
            public Collection<AccountBudget> all() {
                return budgets.getObject().all();
            }
        };
        return new ZoomClient(endpoints, accounts, lazyBudgets, properties,
                registry.getIfUnique(SimpleMeterRegistry::new), clock.getIfUnique(Clock::systemUTC),
                Schedulers.parallel());
    }
}
