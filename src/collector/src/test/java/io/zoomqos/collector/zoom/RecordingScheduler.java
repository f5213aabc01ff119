package io.zoomqos.collector.zoom;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * Delegates to a (virtual time) scheduler and records every delay asked of it, so a test can wait
 * until a backoff has really been scheduled before it moves virtual time: the HTTP exchange
 * before it runs on real I/O threads.
 */
final class RecordingScheduler implements Scheduler {

    private final Scheduler delegate;
    final List<Duration> delays = new CopyOnWriteArrayList<>();

    RecordingScheduler(Scheduler delegate) {
        this.delegate = delegate;
    }

    @Override
    public Disposable schedule(Runnable task) {
        return delegate.schedule(task);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        delays.add(Duration.ofNanos(unit.toNanos(delay)));
        return delegate.schedule(task, delay, unit);
    }

    @Override
    public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        return delegate.schedulePeriodically(task, initialDelay, period, unit);
    }

    @Override
    public Worker createWorker() {
        return delegate.createWorker();
    }

    @Override
    public long now(TimeUnit unit) {
        return delegate.now(unit);
    }

    @Override
    public void dispose() {
        delegate.dispose();
    }

    @Override
    public void init() {
        delegate.init();
    }

    long countOf(Duration delay) {
        return delays.stream().filter(delay::equals).count();
    }
}
