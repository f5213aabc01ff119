package io.zoomqos.collector.cluster;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Keeps this replica's account leases: tries to take every configured account's lease, renews
 * the ones it holds, and tells a {@link LeaseListener} when it gains or loses one.
 *
 * <p>Safety over liveness: a holder counts itself the holder only until {@code ttl - margin}
 * after its last successful renewal started, measured on its own monotonic scheduler clock. If
 * renewals fail (database unreachable), it stops driving the account before any other replica
 * can take the lease, so two replicas never spend one account's budget at once.
 */
public final class AccountLeases {

    private static final Logger log = LoggerFactory.getLogger(AccountLeases.class);

    private final LeaseStore store;
    private final ClusterProperties properties;
    private final Collection<String> accountIds;
    private final String holder;
    private final Scheduler scheduler;
    private final LongSupplier monotonicMillis;

    private final Map<String, Disposable> expiryTimers = new HashMap<>();
    private LeaseListener listener;
    private Disposable ticking;
    private boolean running;

    /** Times the lease on {@code scheduler}'s clock: for tests on a virtual-time scheduler. */
    public AccountLeases(LeaseStore store, ClusterProperties properties, Collection<String> accountIds, String holder,
                         Scheduler scheduler) {
        this(store, properties, accountIds, holder, scheduler, () -> scheduler.now(TimeUnit.MILLISECONDS));
    }

    /**
     * @param monotonicMillis the clock that times the safety window; in production
     *     {@code System.nanoTime()}, so that a wall-clock step (NTP) cannot stretch a holding
     *     beyond the lease's real end
     */
    public AccountLeases(LeaseStore store, ClusterProperties properties, Collection<String> accountIds, String holder,
                         Scheduler scheduler, LongSupplier monotonicMillis) {
        this.monotonicMillis = monotonicMillis;
        this.store = store;
        this.properties = properties;
        this.accountIds = List.copyOf(accountIds);
        this.holder = holder;
        this.scheduler = scheduler;
    }

    public String holder() {
        return holder;
    }

    public synchronized Set<String> held() {
        return Set.copyOf(expiryTimers.keySet());
    }

    /** Starts taking and renewing leases; the returned handle stops and releases them. */
    public synchronized Disposable run(LeaseListener listener) {
        this.listener = listener;
        this.running = true;
        ticking = Flux.interval(Duration.ZERO, properties.renewEvery(), scheduler)
                .onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(accountIds).concatMap(this::renew))
                .subscribe();
        return Disposables.composite(this::stop);
    }

    private Mono<Void> renew(String accountId) {
        long startedAt = monotonicMillis.getAsLong();
        return store.acquireOrRenew(accountId, holder, properties.leaseTtl())
                .timeout(properties.renewEvery(), scheduler)
                .doOnNext(ok -> {
                    if (ok) {
                        held(accountId, startedAt);
                    } else {
                        lose(accountId, "held-elsewhere");
                    }
                })
                .doOnError(e -> log.warn("lease renewal failed account={} holder={} error={}", accountId, holder, e.toString()))
                .onErrorComplete()
                .then();
    }

    private synchronized void held(String accountId, long renewalStartedAt) {
        if (!running) {
            return;
        }
        long validUntil = renewalStartedAt + properties.leaseTtl().minus(properties.safetyMargin()).toMillis();
        long delay = validUntil - monotonicMillis.getAsLong();
        if (delay <= 0) {
            lose(accountId, "renewal-too-slow");
            return;
        }
        Disposable previous = expiryTimers.put(accountId,
                scheduler.schedule(() -> lose(accountId, "not-renewed"), delay, TimeUnit.MILLISECONDS));
        if (previous != null) {
            previous.dispose();
        } else {
            log.info("account lease acquired account={} holder={}", accountId, holder);
            listener.acquired(accountId);
        }
    }

    private synchronized void lose(String accountId, String reason) {
        Disposable timer = expiryTimers.remove(accountId);
        if (timer != null) {
            timer.dispose();
            log.info("account lease lost account={} holder={} reason={}", accountId, holder, reason);
            listener.lost(accountId);
        }
    }

    private void stop() {
        Set<String> released;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            ticking.dispose();
            released = expiryTimers.keySet().stream().collect(Collectors.toUnmodifiableSet());
            released.forEach(a -> lose(a, "shutdown"));
        }
        // Best effort: another replica may take over at once instead of after the TTL.
        Flux.fromIterable(released).concatMap(a -> store.release(a, holder).onErrorComplete()).subscribe();
    }
}
