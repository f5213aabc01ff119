package io.zoomqos.collector.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * A scheduler whose time is a simulator's ({@code qos.simulated-day}): {@link #now} counts
 * monotonic nanoseconds {@code scale} times faster than real ones, and a task delayed by a
 * simulated duration runs after a real {@code 1/scale} of it. The budget then paces its
 * per-second window and its pauses in simulated seconds, on the same clock as its UTC day, so
 * nothing in the pacing arithmetic needs to know that time is scaled.
 */
public final class SimulatedTimeScheduler implements Scheduler {

    private final Scheduler real;
    private final double scale;
    private final LongSupplier simulatedNanos;

    SimulatedTimeScheduler(Scheduler real, double scale) {
        this(real, scale, System::nanoTime);
    }

    /** @param realNanos the real monotonic clock ({@code System::nanoTime}; in tests the virtual scheduler's) */
    SimulatedTimeScheduler(Scheduler real, double scale, LongSupplier realNanos) {
        if (!(scale >= 1.0)) {
            throw new IllegalArgumentException("scale must be at least 1, was " + scale);
        }
        this.real = real;
        this.scale = scale;
        long realOrigin = realNanos.getAsLong();
        this.simulatedNanos = () -> Math.round((realNanos.getAsLong() - realOrigin) * scale);
    }

    private SimulatedTimeScheduler(Scheduler real, double scale, Clock simulated) {
        this.real = real;
        this.scale = scale;
        this.simulatedNanos = () -> {
            Instant now = simulated.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }

    /**
     * Time read off the simulator's clock itself (epoch time, as {@code Schedulers.parallel()}
     * gives): for a planner comparing its own now with meeting times the simulator reported.
     */
    public static SimulatedTimeScheduler onClock(Scheduler real, double scale, Clock simulated) {
        if (!(scale >= 1.0)) {
            throw new IllegalArgumentException("scale must be at least 1, was " + scale);
        }
        return new SimulatedTimeScheduler(real, scale, simulated);
    }

    /** Simulated monotonic time (only differences mean anything, as with {@link System#nanoTime()}). */
    @Override
    public long now(TimeUnit unit) {
        return unit.convert(simulatedNanos.getAsLong(), TimeUnit.NANOSECONDS);
    }

    /**
     * Rounded up: a timer must never fire before its simulated due time, or the budget would find
     * itself still short of it and re-arm a zero delay, over and over (forever in virtual time).
     */
    private long realNanos(long delay, TimeUnit unit) {
        return Math.max(0, (long) Math.ceil(unit.toNanos(delay) / scale));
    }

    @Override
    public Disposable schedule(Runnable task) {
        return real.schedule(task);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        return real.schedule(task, realNanos(delay, unit), TimeUnit.NANOSECONDS);
    }

    @Override
    public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        return real.schedulePeriodically(task, realNanos(initialDelay, unit), Math.max(1, realNanos(period, unit)),
                TimeUnit.NANOSECONDS);
    }

    @Override
    public Worker createWorker() {
        Worker worker = real.createWorker();
        return new Worker() {
            @Override
            public Disposable schedule(Runnable task) {
                return worker.schedule(task);
            }

            @Override
            public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
                return worker.schedule(task, realNanos(delay, unit), TimeUnit.NANOSECONDS);
            }

            @Override
            public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
                return worker.schedulePeriodically(task, realNanos(initialDelay, unit),
                        Math.max(1, realNanos(period, unit)), TimeUnit.NANOSECONDS);
            }

            @Override
            public void dispose() {
                worker.dispose();
            }

            @Override
            public boolean isDisposed() {
                return worker.isDisposed();
            }
        };
    }

    @Override
    public void dispose() {
        real.dispose();
    }

    @Override
    public boolean isDisposed() {
        return real.isDisposed();
    }

    @Override
    public void init() {
        real.init();
    }
}
