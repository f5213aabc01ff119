package io.zoomqos.collector.ratelimit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One account's budget as it stands.
 *
 * @param accountId the account
 * @param perSecondCap the account's configured cap
 * @param headroom fraction kept unused
 * @param effectivePerSecond the cap minus headroom: the most we ever allow
 * @param currentRatePerSecond what pacing allows right now (lowered after 429s, daily pacing)
 * @param dailyQuota quota for the UTC day
 * @param spentToday permits granted since 00:00 UTC (corrected by {@code X-RateLimit-Remaining})
 * @param remainingToday quota minus spent
 * @param pausedUntil null unless a 429 paused the account
 * @param waiting callers waiting for a permit now
 * @param resetsAt the next 00:00 UTC
 * @param failing null while Zoom serves the account; else why it does not (an
 *        {@link AccountFailure#reason()}): the account is paused with exponential backoff
 */
public record BudgetStatus(
        String accountId,
        double perSecondCap,
        double headroom,
        double effectivePerSecond,
        double currentRatePerSecond,
        long dailyQuota,
        long spentToday,
        long remainingToday,
        @Nullable Instant pausedUntil,
        int waiting,
        Instant resetsAt,
        @Nullable String failing) {
}
