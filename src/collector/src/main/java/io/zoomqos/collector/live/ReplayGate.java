package io.zoomqos.collector.live;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * What replays from PostgreSQL may take of this instance. At most
 * {@code qos.live.limits.replay-concurrency} run at once: a permit is taken before the response
 * starts (so a refusal can still be a 503) and given back when the replay part of the stream ends,
 * when the stream ends, or when the response could not be written, whichever comes first; each
 * replay must end within its deadline, so a client that stops reading cannot keep a permit.
 * Together they read at most {@code qos.live.limits.replay-rows-per-second}: a separate pool keeps
 * replays off the writers' connections, this pace keeps them from taking the writers' CPU
 * (decoding and encoding rows is what a replay costs once its connections are its own).
 */
public final class ReplayGate {

    /** One running replay's place; releasing it twice is harmless. */
    public static final class Permit {
        private final @Nullable ReplayGate gate;
        private final Duration deadline;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(@Nullable ReplayGate gate, Duration deadline) {
            this.gate = gate;
            this.deadline = deadline;
        }

        /** How long the replay may take before the stream ends with {@code lagged}. */
        Duration deadline() {
            return deadline;
        }

        /**
         * Completes when the instance's replay budget allows reading {@code rows} more rows; the
         * slot is taken when this is subscribed (the page is about to be read), not when built.
         */
        Mono<Void> pace(int rows) {
            ReplayGate g = gate;
            return g == null ? Mono.empty() : Mono.defer(() -> g.pace(rows));
        }

        void release() {
            if (gate != null && released.compareAndSet(false, true)) {
                gate.permits.release();
            }
        }
    }

    /** For streams built without a gate (tests and benchmarks that drive {@link FeedStream} directly). */
    static final Permit UNBOUNDED = new Permit(null, Duration.ofDays(365));

    private final Semaphore permits;
    private final Duration deadline;
    private final long nanosPerRow;
    private final Scheduler timer;
    // GCRA: the time (timer nanos) from which the next page may be read; pages are spaced by their cost.
    private final AtomicLong nextFree = new AtomicLong(Long.MIN_VALUE);

    ReplayGate(int concurrency, Duration deadline, int rowsPerSecond, Scheduler timer, MeterRegistry meters) {
        this.permits = new Semaphore(concurrency);
        this.deadline = deadline;
        this.nanosPerRow = TimeUnit.SECONDS.toNanos(1) / rowsPerSecond;
        this.timer = timer;
        Gauge.builder("qos.sse.replays", permits, p -> concurrency - p.availablePermits())
                .description("replays from PostgreSQL running on this instance")
                .register(meters);
    }

    /** A permit, or null when every one is taken (never waits). */
    @Nullable Permit tryAcquire() {
        return permits.tryAcquire() ? new Permit(this, deadline) : null;
    }

    private Mono<Void> pace(int rows) {
        long cost = rows * nanosPerRow;
        long now = timer.now(TimeUnit.NANOSECONDS);
        long previous = nextFree.getAndAccumulate(now, (free, at) -> Math.max(free, at) + cost);
        long wait = Math.max(previous, now) - now;
        return wait <= 0 ? Mono.empty() : Mono.delay(Duration.ofNanos(wait), timer).then();
    }
}
