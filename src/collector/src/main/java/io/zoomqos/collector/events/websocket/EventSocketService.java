package io.zoomqos.collector.events.websocket;

import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * Exactly one connection per subscription across replicas: the socket runs only on the replica
 * that holds the account's lease (checked every {@code checkEvery}), and is closed as soon as the
 * lease is lost. Two replicas may both be connected only for the short time the old holder needs
 * to notice its lost lease, which the lease's safety margin covers; a duplicate event is stored once anyway.
 */
final class EventSocketService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventSocketService.class);

    private final String accountId;
    private final ZoomEventSocket socket;
    private final Supplier<Set<String>> held;
    private final Duration checkEvery;
    private final Scheduler scheduler;
    private Disposable ticking;
    private Disposable connection;

    EventSocketService(String accountId, ZoomEventSocket socket, Supplier<Set<String>> held, Duration checkEvery,
                       Scheduler scheduler) {
        this.accountId = accountId;
        this.socket = socket;
        this.held = held;
        this.checkEvery = checkEvery;
        this.scheduler = scheduler;
    }

    @Override
    public synchronized void start() {
        ticking = Flux.interval(Duration.ZERO, checkEvery, scheduler).onBackpressureDrop().subscribe(t -> check());
    }

    synchronized void check() {
        boolean holder = held.get().contains(accountId);
        if (holder && connection == null) {
            log.info("zoom websocket starting account={} (lease held)", accountId);
            connection = socket.start();
        } else if (!holder && connection != null) {
            log.info("zoom websocket closing account={} (lease not held)", accountId);
            connection.dispose();
            connection = null;
        }
    }

    @Override
    public synchronized void stop() {
        if (ticking != null) {
            ticking.dispose();
            ticking = null;
        }
        if (connection != null) {
            connection.dispose();
            connection = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return ticking != null;
    }
}
