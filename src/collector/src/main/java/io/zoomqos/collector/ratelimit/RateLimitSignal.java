package io.zoomqos.collector.ratelimit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What one Zoom response said about the account's limits.
 *
 * @param kind what happened
 * @param retryAfter from {@code Retry-After} when present (daily 429s carry an ISO timestamp), else null
 * @param dailyRemaining from {@code X-RateLimit-Remaining} when present, else null
 * @param at when the response arrived
 */
public record RateLimitSignal(Kind kind, @Nullable Instant retryAfter, @Nullable Long dailyRemaining,
                              @Nullable Instant at) {

    public enum Kind {
        /** A normal answer (any status but 429); may still carry {@code X-RateLimit-Remaining}. */
        ANSWERED,
        /** 429 for the per-second (QPS) limit. */
        PER_SECOND_EXCEEDED,
        /** 429 for the daily limit. */
        DAILY_EXCEEDED
    }

    public static RateLimitSignal answered(@Nullable Long dailyRemaining, Instant at) {
        return new RateLimitSignal(Kind.ANSWERED, null, dailyRemaining, at);
    }
}
