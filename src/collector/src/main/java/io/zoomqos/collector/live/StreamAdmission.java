package io.zoomqos.collector.live;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/**
 * Decides, before an SSE response starts, whether this caller may open one more stream (per-client
 * limit: 429) and, when it resumes, whether a replay may run now (instance-wide replay limit: 503).
 * Both refusals carry {@code Retry-After}; neither waits, so a refused caller holds nothing.
 */
public final class StreamAdmission {

    public sealed interface Decision permits Admitted, Refused {
    }

    /** The caller may stream; {@link #release} gives back both places (idempotent, call it when the stream ends). */
    public record Admitted(SubscriberLimits.Lease lease, ReplayGate.Permit replay) implements Decision {
        public void release() {
            replay.release();
            lease.release();
        }
    }

    public record Refused(HttpStatus status, String title, String detail, Duration retryAfter) implements Decision {
    }

    private final SubscriberLimits limits;
    private final ReplayGate replays;
    private final Duration retryAfter;
    private final MeterRegistry meters;

    StreamAdmission(SubscriberLimits limits, ReplayGate replays, Duration retryAfter,
                    MeterRegistry meters) {
        this.limits = limits;
        this.replays = replays;
        this.retryAfter = retryAfter;
        this.meters = meters;
    }

    /** @param client whose connection this is (the web layer names it: principal, else address); connections with equal keys share one limit */
    public Mono<Decision> admit(Mono<String> client, boolean resuming) {
        return client.defaultIfEmpty("address:unknown").map(key -> {
            SubscriberLimits.Lease lease = limits.tryAcquire(key);
            if (lease == null) {
                meters.counter("qos.sse.refused", "reason", "per-client").increment();
                return new Refused(HttpStatus.TOO_MANY_REQUESTS, "Too many streams",
                        "at most " + limits.perClient() + " live streams per client; close one or retry later", retryAfter);
            }
            if (!resuming) {
                return new Admitted(lease, ReplayGate.UNBOUNDED);
            }
            ReplayGate.Permit permit = replays.tryAcquire();
            if (permit == null) {
                lease.release();
                meters.counter("qos.sse.refused", "reason", "replays-busy").increment();
                return new Refused(HttpStatus.SERVICE_UNAVAILABLE, "Replays busy",
                        "this instance is replaying for as many clients as it serves at once; retry later", retryAfter);
            }
            return new Admitted(lease, permit);
        });
    }
}
