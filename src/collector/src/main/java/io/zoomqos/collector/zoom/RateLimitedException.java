package io.zoomqos.collector.zoom;

import java.time.Instant;

/**
 * 429 from Zoom. Deliberately not retried by the client: the response has already been reported to
 * the account's budget, which pauses every caller of the account (shortly for the per-second
 * limit, until {@code Retry-After} for the daily one); retrying here would only queue behind that
 * pause while holding the caller's slot. The caller decides (e.g. the poller re-plans the meeting).
 */
public final class RateLimitedException extends ZoomApiException {

    /** Which of Zoom's limits was hit. */
    public enum Limit {
        PER_SECOND,
        DAILY
    }

    private final Limit limit;
    private final Instant retryAfter;

    RateLimitedException(String message, String endpoint, Integer zoomCode, Limit limit, Instant retryAfter) {
        super(message, endpoint, 429, zoomCode, null);
        this.limit = limit;
        this.retryAfter = retryAfter;
    }

    public Limit limit() {
        return limit;
    }

    /** From {@code Retry-After} (ISO-8601 instant, or seconds from now), null when absent or unreadable. */
    public Instant retryAfter() {
        return retryAfter;
    }

    @Override
    public String outcome() {
        return limit == Limit.DAILY ? "rate_limited_daily" : "rate_limited_per_second";
    }
}
