package io.zoomqos.collector.zoom;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zoomqos.collector.config.ZoomAccounts;
import io.zoomqos.collector.config.ZoomEndpoints;
import io.zoomqos.collector.ratelimit.AccountBudgets;
import io.zoomqos.collector.store.CoverageRepository;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

@Configuration(proxyBeanMethods = false)
class ZoomClientConfiguration {

    /** Flushed every 10 s: a coverage read is at most that much behind, at one write per account and kind. */
    @Bean
    CallLedger callLedger(CoverageRepository coverage, ObjectProvider<MeterRegistry> registry, ObjectProvider<Clock> clock) {
        return new CallLedger(coverage, registry.getIfUnique(SimpleMeterRegistry::new), clock.getIfUnique(Clock::systemUTC),
                Duration.ofSeconds(10), Schedulers.parallel());
    }

    @Bean
    ZoomClient zoomClient(ZoomEndpoints endpoints, ZoomAccounts accounts, AccountBudgets budgets,
                          ZoomClientProperties properties, ObjectProvider<MeterRegistry> registry,
                          ObjectProvider<Clock> clock, CallLedger calls) {
        return new ZoomClient(endpoints, accounts, budgets, properties,
                registry.getIfUnique(SimpleMeterRegistry::new), clock.getIfUnique(Clock::systemUTC),
                Schedulers.parallel(), calls);
    }
}
