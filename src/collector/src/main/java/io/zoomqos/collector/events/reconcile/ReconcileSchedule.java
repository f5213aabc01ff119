package io.zoomqos.collector.events.reconcile;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * When each account is reconciled: as soon as this replica holds it (start, or take-over), every
 * {@code interval} after, and on request (a WebSocket reconnect) but never two runs of one account
 * closer than {@code minSpacing} nor two at once; a request that comes too soon is kept and
 * served when the spacing allows. An account whose lease is lost is forgotten, so holding it again
 * starts with a run. All time comes from the {@link Scheduler} (virtual time in tests).
 */
final class ReconcileSchedule implements ReconcileRequests {

    private static final Logger log = LoggerFactory.getLogger(ReconcileSchedule.class);

    private static final class State {
        long lastStartMs = Long.MIN_VALUE;
        boolean running;
        boolean requested;
    }

    private final Function<String, Mono<?>> run;
    private final Supplier<Set<String>> held;
    private final long intervalMs;
    private final long minSpacingMs;
    private final Scheduler scheduler;
    private final Map<String, State> states = new HashMap<>();
    private final Disposable.Composite running = Disposables.composite();

    /**
     * @param run one reconciliation of the account; its failure is logged by it and retried at the next interval
     * @param held the accounts this replica drives now (the lease holder is the one that calls Zoom)
     */
    ReconcileSchedule(Function<String, Mono<?>> run, Supplier<Set<String>> held, Duration interval, Duration minSpacing,
                      Scheduler scheduler) {
        this.run = run;
        this.held = held;
        this.intervalMs = interval.toMillis();
        this.minSpacingMs = minSpacing.toMillis();
        this.scheduler = scheduler;
    }

    /** Checks the held accounts every {@code minSpacing}; the handle stops it and any run in flight. */
    Disposable start() {
        running.add(Flux.interval(Duration.ZERO, Duration.ofMillis(minSpacingMs), scheduler)
                .onBackpressureDrop()
                .subscribe(t -> tick()));
        return running;
    }

    @Override
    public void request(String accountId) {
        boolean go;
        synchronized (this) {
            if (!held.get().contains(accountId)) {
                return; // the holder of the account reconciles it
            }
            State s = states.computeIfAbsent(accountId, a -> new State());
            s.requested = true;
            go = startable(s, now());
        }
        if (go) {
            launch(accountId);
        }
    }

    void tick() {
        Set<String> accounts = held.get();
        java.util.List<String> due = new java.util.ArrayList<>();
        synchronized (this) {
            states.keySet().retainAll(accounts);
            long now = now();
            for (String a : accounts) {
                State s = states.computeIfAbsent(a, x -> new State());
                boolean intervalDue = s.lastStartMs == Long.MIN_VALUE || now - s.lastStartMs >= intervalMs;
                if ((intervalDue || s.requested) && startable(s, now)) {
                    due.add(a);
                }
            }
        }
        due.forEach(this::launch);
    }

    /** Not running, and the last start is at least minSpacing ago. Marks it running when true. */
    private boolean startable(State s, long now) {
        if (s.running || (s.lastStartMs != Long.MIN_VALUE && now - s.lastStartMs < minSpacingMs)) {
            return false;
        }
        s.running = true;
        s.requested = false;
        s.lastStartMs = now;
        return true;
    }

    private void launch(String accountId) {
        Disposable[] handle = new Disposable[1];
        handle[0] = Mono.defer(() -> run.apply(accountId))
                .then()
                .onErrorResume(e -> Mono.empty())
                .doFinally(signal -> {
                    synchronized (this) {
                        State s = states.get(accountId);
                        if (s != null) {
                            s.running = false;
                        }
                    }
                    if (handle[0] != null) {
                        running.remove(handle[0]);
                    }
                })
                .subscribe();
        if (!handle[0].isDisposed()) {
            running.add(handle[0]);
        }
        log.debug("reconciliation started account={}", accountId);
    }

    private long now() {
        return scheduler.now(TimeUnit.MILLISECONDS);
    }
}
