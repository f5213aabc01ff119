package io.zoomqos.collector.ratelimit;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/** Fires every timer of the wrapped (virtual) scheduler up to {@code maxLateNanos} late, like a busy machine. */
final class LateScheduler implements Scheduler {

    private final Scheduler delegate;
    private final Random random;
    private final long maxLateNanos;

    LateScheduler(Scheduler delegate, long seed, long maxLateNanos) {
        this.delegate = delegate;
        this.random = new Random(seed);
        this.maxLateNanos = maxLateNanos;
    }

    @Override
    public Disposable schedule(Runnable task) {
        return delegate.schedule(task);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        long late = (long) (random.nextDouble() * maxLateNanos);
        return delegate.schedule(task, unit.toNanos(delay) + late, TimeUnit.NANOSECONDS);
    }

    @Override
    public long now(TimeUnit unit) {
        return delegate.now(unit);
    }

    @Override
    public Worker createWorker() {
        return delegate.createWorker();
    }
}
