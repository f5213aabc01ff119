package io.zoomqos.collector.ratelimit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One account's budget as {@code GET /api/v1/budget} shows it.
 *
 * @param pacedCeilingPerSecond the most we pace at: the effective cap floored to whole requests
 *        (the sliding-window guarantee is in whole requests)
 * @param perSecondRateNow the per-second side now: the ceiling, or lower while recovering from a 429
 * @param dailyPacedRatePerSecond normal calls' remaining quota (reserve excluded) over the time to the
 *        live horizon (the forecast's), or to the reset without one
 * @param currentRatePerSecond the smaller of the two: what pacing allows now
 * @param sweepReserve requests of the daily quota only sweeps may use
 * @param failing null while Zoom serves the account; else the reason it does not
 *        ({@code unauthorized}, {@code credentials_refused}): paused with exponential backoff
 */
public record BudgetView(
        String accountId,
        double perSecondCap,
        double headroom,
        double effectivePerSecond,
        double pacedCeilingPerSecond,
        double perSecondRateNow,
        double dailyPacedRatePerSecond,
        double currentRatePerSecond,
        long dailyQuota,
        long sweepReserve,
        long spentToday,
        long remainingToday,
        @Nullable Instant pausedUntil,
        int waiting,
        Instant resetsAt,
        @Nullable String failing,
        Capacity capacity) {

    /**
     * How many meetings the budget can poll.
     *
     * @param interval the poll interval asked about
     * @param pagesPerMeeting Heavy calls per meeting per poll (ceil(participants / 10))
     * @param meetingsByRate from the per-second rate now
     * @param meetingsByDailyPacing from the daily pacing
     * @param binding which of the two is smaller: {@code per-second} or {@code daily}
     * @param meetings the smaller of the two
     */
    public record Capacity(String interval, int pagesPerMeeting, long meetingsByRate, long meetingsByDailyPacing,
                    String binding, long meetings, String summary) {

        static Capacity of(java.time.Duration interval, int pages, double perSecondRate, double dailyRate) {
            double seconds = interval.toNanos() / 1e9;
            long byRate = (long) Math.floor(perSecondRate * seconds / pages + 1e-9);
            long byDaily = (long) Math.floor(dailyRate * seconds / pages + 1e-9);
            String binding = byDaily < byRate ? "daily" : "per-second";
            long meetings = Math.min(byRate, byDaily);
            String summary = "at interval " + interval + " with " + pages + " page(s) per meeting, up to "
                    + meetings + " meetings can be polled (binding: " + binding + ")";
            return new Capacity(interval.toString(), pages, byRate, byDaily, binding, meetings, summary);
        }
    }

    static BudgetView of(PacedAccountBudget.Detail d, java.time.Duration interval, int pages) {
        BudgetStatus s = d.status();
        return new BudgetView(s.accountId(), s.perSecondCap(), s.headroom(), s.effectivePerSecond(),
                d.pacedCeiling(), d.perSecondRate(), d.dailyRate(), s.currentRatePerSecond(), s.dailyQuota(),
                d.reserve(), s.spentToday(), s.remainingToday(), s.pausedUntil(), s.waiting(), s.resetsAt(),
                s.failing(), Capacity.of(interval, pages, d.perSecondRate(), d.dailyRate()));
    }
}
