package io.zoomqos.collector.ratelimit;

import io.zoomqos.collector.cluster.AccountLeases;
import io.zoomqos.collector.live.FeedEvent;
import io.zoomqos.collector.live.QosFeed;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes each account's {@link BudgetStatus} on the live feed: checked every two seconds and
 * sent when something people watch changed (rate, pause, waiting callers, the day's spend), and
 * at least every fifteen seconds so a new page has a gauge soon. Only for the accounts this
 * replica drives (holds the lease of): another replica's idle budget for the same account would
 * show a misleading gauge; the driver's status reaches every replica through the cluster fan-out.
 */
@Component
class BudgetBroadcaster implements SmartLifecycle {

    private static final Duration CHECK = Duration.ofSeconds(2);
    private static final int FORCE_EVERY_CHECKS = 7;

    private final AccountBudgets budgets;
    private final AccountLeases leases;
    private final QosFeed feed;
    private final Map<String, Object> lastSent = new ConcurrentHashMap<>();
    private Disposable ticking;

    BudgetBroadcaster(AccountBudgets budgets, AccountLeases leases, QosFeed feed) {
        this.budgets = budgets;
        this.leases = leases;
        this.feed = feed;
    }

    @Override
    public void start() {
        ticking = Flux.interval(CHECK, CHECK, Schedulers.parallel())
                .onBackpressureDrop()
                .subscribe(tick -> budgets.all().stream()
                        .filter(b -> leases.held().contains(b.accountId()))
                        .forEach(b -> publishIfChanged(b.status(), tick % FORCE_EVERY_CHECKS == 0)));
    }

    private void publishIfChanged(BudgetStatus status, boolean force) {
        // What a person watching the gauge cares about; the reset time and caps rarely move.
        Object key = java.util.List.of(status.currentRatePerSecond(), Objects.toString(status.pausedUntil()),
                status.waiting(), status.spentToday(), Objects.toString(status.failing()));
        boolean changed = !key.equals(lastSent.put(status.accountId(), key));
        if (changed || force) {
            feed.publish(FeedEvent.budget(status.accountId(), status));
        }
    }

    @Override
    public void stop() {
        if (ticking != null) {
            ticking.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return ticking != null && !ticking.isDisposed();
    }
}
