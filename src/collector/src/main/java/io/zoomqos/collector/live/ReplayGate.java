package io.zoomqos.collector.live;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * At most {@code qos.live.limits.replay-concurrency} replays from PostgreSQL at once on this
 * instance. A permit is taken before the response starts (so a refusal can still be a 503) and
 * given back when the replay part of the stream ends, when the stream ends, or when the response
 * could not be written, whichever comes first; each replay must end within its deadline, so a
 * client that stops reading cannot keep a permit.
 */
public final class ReplayGate {

    /** One running replay's place; releasing it twice is harmless. */
    public static final class Permit {
        private final @Nullable Semaphore owner;
        private final Duration deadline;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(@Nullable Semaphore owner, Duration deadline) {
            this.owner = owner;
            this.deadline = deadline;
        }

        /** How long the replay may take before the stream ends with {@code lagged}. */
        Duration deadline() {
            return deadline;
        }

        void release() {
            if (owner != null && released.compareAndSet(false, true)) {
                owner.release();
            }
        }
    }

    /** For streams built without a gate (tests and benchmarks that drive {@link FeedStream} directly). */
    static final Permit UNBOUNDED = new Permit(null, Duration.ofDays(365));

    private final Semaphore permits;
    private final Duration deadline;

    ReplayGate(int concurrency, Duration deadline, MeterRegistry meters) {
        this.permits = new Semaphore(concurrency);
        this.deadline = deadline;
        Gauge.builder("qos.sse.replays", permits, p -> concurrency - p.availablePermits())
                .description("replays from PostgreSQL running on this instance")
                .register(meters);
    }

    /** A permit, or null when every one is taken (never waits). */
    @Nullable Permit tryAcquire() {
        return permits.tryAcquire() ? new Permit(permits, deadline) : null;
    }
}
