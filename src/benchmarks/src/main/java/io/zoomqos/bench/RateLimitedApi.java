package io.zoomqos.bench;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * A Zoom-like API that enforces a per-account per-second limit and remembers every request it
 * saw, so a benchmark can count what the server experienced: {@link SimulatorApi} (the built-in
 * simulator, the default) or the bench's own {@link SlidingWindowServer}.
 */
interface RateLimitedApi extends AutoCloseable {

    /** What plays Zoom, for the table's header. */
    String describe();

    /** One Heavy call of that account; emits the HTTP status once the answer is in. */
    Mono<Integer> call(String accountId);

    /** Now, on the time base of {@link Seen#arrivedNanos()}. */
    long nowNanos();

    /** Every Heavy request of that account as the server saw it, in arrival order. */
    List<Seen> seen(String accountId);

    /** One request: arrival time ({@link #nowNanos()} base) and the status answered. */
    record Seen(long arrivedNanos, int status) {
        boolean throttled() {
            return status == 429;
        }
    }

    @Override
    void close();
}
