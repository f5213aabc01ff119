package io.zoomqos.collector.zoom;

import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.collector.config.ZoomAccounts;
import io.zoomqos.collector.config.ZoomEndpoints;
import io.zoomqos.collector.config.ZoomProperties;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.util.unit.DataSize;
import reactor.core.scheduler.Scheduler;

/** Builds clients against a {@link FakeZoomServer} for the tests. */
final class ZoomClients {

    static final String ACCOUNT = "acct-1";
    static final String CLIENT_ID = "client-id";
    static final String CLIENT_SECRET = "client-secret";

    private ZoomClients() {
    }

    static ZoomAccounts accounts(URI api, URI oauth) {
        ZoomProperties.Budget budget = new ZoomProperties.Budget(16, 0.1, 60000, 0.05);
        return new ZoomAccounts(new ZoomProperties(api, oauth, Duration.ofSeconds(300),
                List.of(new ZoomProperties.Account(ACCOUNT, "webhook-secret", CLIENT_ID, CLIENT_SECRET, budget))),
                1.0);
    }

    static ZoomClient client(FakeZoomServer zoom, FakeAccountBudgets budgets, ZoomClientProperties properties,
                             MeterRegistry registry, Clock clock, Scheduler scheduler) {
        return client(ZoomEndpoints.fixed(zoom.apiUrl(), zoom.oauthUrl()), budgets, properties, registry, clock,
                scheduler);
    }

    static ZoomClient client(ZoomEndpoints endpoints, FakeAccountBudgets budgets, ZoomClientProperties properties,
                             MeterRegistry registry, Clock clock, Scheduler scheduler) {
        return new ZoomClient(endpoints, accounts(endpoints.apiUrl(), endpoints.oauthUrl()), budgets, properties,
                registry, clock, scheduler);
    }

    /** Test settings: no jitter, so backoffs are exact. */
    static ZoomClientProperties properties(int maxAttempts, Duration firstBackoff, Duration requestTimeout,
                                           int maxPageTokenRestarts) {
        return new ZoomClientProperties(Duration.ofSeconds(2), requestTimeout, maxAttempts, firstBackoff,
                Duration.ofSeconds(30), 0.0, Duration.ofSeconds(60), maxPageTokenRestarts, 50,
                DataSize.ofMegabytes(1));
    }
}
