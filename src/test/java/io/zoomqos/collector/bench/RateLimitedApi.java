package io.zoomqos.collector.bench;

import java.net.URI;
import java.util.List;

/**
 * A Zoom-like API that enforces a per-account per-second limit and remembers every request it
 * saw, so a benchmark can count what the server experienced. The bench's own
 * {@link SlidingWindowServer} implements it; the simulator can take its place later.
 */
interface RateLimitedApi extends AutoCloseable {

    /** Base URL; a Heavy call is {@code GET {base}/accounts/{accountId}/qos}. */
    URI baseUrl();

    /** Every request of that account as the server saw it, in arrival order. */
    List<Seen> seen(String accountId);

    /** One request: arrival time (System.nanoTime) and the status answered. */
    record Seen(long arrivedNanos, int status) {
    }

    @Override
    void close();
}
