package io.zoomqos.collector.live;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Counts open SSE connections per client key and refuses one more past the limit. Keys with no
 * open connection are forgotten, so the map holds only clients connected now.
 */
public final class SubscriberLimits {

    /** One connection's place; releasing it twice is harmless. */
    public final class Lease {
        private final String key;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(String key) {
            this.key = key;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                open.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
            }
        }
    }

    private final int perClient;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    SubscriberLimits(int perClient) {
        this.perClient = perClient;
    }

    /** A lease for one more connection of {@code key}, or null when it already has {@code perClient}. */
    @Nullable Lease tryAcquire(String key) {
        boolean[] granted = {false};
        open.compute(key, (k, n) -> {
            int current = n == null ? 0 : n;
            if (current >= perClient) {
                return n;
            }
            granted[0] = true;
            return current + 1;
        });
        return granted[0] ? new Lease(key) : null;
    }

    /** Open connections of {@code key} (tests). */
    int open(String key) {
        return open.getOrDefault(key, 0);
    }

    int perClient() {
        return perClient;
    }
}
