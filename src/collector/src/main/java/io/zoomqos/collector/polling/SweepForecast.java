package io.zoomqos.collector.polling;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What the final sweeps will need from now until 00:00 UTC, and what that leaves for live polls.
 * The live meetings' sweeps are certain ({@code ceil(n/10)} each for a roster of {@code n}); the
 * meetings that have not started yet are forecast from today's rate of ended meetings and their
 * average sweep cost. Conservative on purpose: a live meeting that ends after midnight is still
 * counted today, since a sweep short of quota costs a meeting, a reserve left over costs only
 * some live freshness, and the reserve shrinks to the live meetings' sweeps as midnight nears.
 *
 * @param at when computed
 * @param liveMeetings meetings live now
 * @param liveSweepCalls sum of their sweeps' minimum cost
 * @param endedToday meetings that ended since 00:00 UTC
 * @param endedPerHour today's rate of ended meetings
 * @param averageSweepCalls the average minimum sweep cost of today's ended meetings (1 if none yet)
 * @param upcomingSweepCalls forecast cost of sweeps of meetings that will end before midnight
 * @param reserve calls to keep for sweeps: live plus upcoming, plus the next hour of the
 *     watched and pinned meetings' live polls (they share the sweeps' priority)
 * @param remainingToday the account's quota left today
 * @param liveShare what is left for live polls: remaining minus reserve (never negative)
 * @param liveDemand calls the live meetings would need until midnight at the configured interval
 * @param watchableMeetings how many meetings the live share can poll at the configured interval
 *     until midnight (at the live meetings' average pages per poll)
 */
public record SweepForecast(Instant at, int liveMeetings, long liveSweepCalls, long endedToday, double endedPerHour,
                            double averageSweepCalls, long upcomingSweepCalls, long reserve, long remainingToday,
                            long liveShare, long liveDemand, long watchableMeetings) {

    /** The minimum calls of a sweep of {@code participants}: its {@code type=past} pages, at least one. */
    public static long sweepCalls(long participants) {
        return Math.max(1, (participants + 9) / 10);
    }

    /**
     * @param livePages the live meetings' pages per poll (their minimum sweep cost is the same {@code ceil(n/10)})
     * @param endedToday meetings ended since 00:00 UTC
     * @param endedSweepCalls the sum of their minimum sweep costs
     */
    public static SweepForecast of(Instant now, Duration interval, long livePages, int liveMeetings, long endedToday,
                                   long endedSweepCalls, long remainingToday) {
        return of(now, interval, livePages, liveMeetings, endedToday, endedSweepCalls, remainingToday, 0);
    }

    /**
     * @param keptLivePages pages per poll of the watched and pinned meetings live now: their live
     *     polls share the sweeps' priority, so their next hour at the interval is reserved too
     */
    public static SweepForecast of(Instant now, Duration interval, long livePages, int liveMeetings, long endedToday,
                                   long endedSweepCalls, long remainingToday, long keptLivePages) {
        Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant dayStart = midnight.minus(Duration.ofDays(1));
        double hoursElapsed = Math.max(1.0 / 60, Duration.between(dayStart, now).toMillis() / 3_600_000.0);
        double hoursLeft = Math.max(0, Duration.between(now, midnight).toMillis() / 3_600_000.0);
        double perHour = endedToday / hoursElapsed;
        double average = endedToday == 0 ? 1.0 : (double) endedSweepCalls / endedToday;
        long upcoming = (long) Math.ceil(perHour * hoursLeft * average);
        double pollsLeft = hoursLeft * 3_600_000.0 / Math.max(1, interval.toMillis());
        double pollsNextHour = Math.min(pollsLeft, 3_600_000.0 / Math.max(1, interval.toMillis()));
        long kept = (long) Math.ceil(keptLivePages * pollsNextHour);
        long reserve = livePages + upcoming + kept;
        long liveShare = Math.max(0, remainingToday - reserve);
        long liveDemand = (long) Math.ceil(livePages * pollsLeft);
        double pagesPerPoll = liveMeetings == 0 ? 1.0 : Math.max(1.0, (double) livePages / liveMeetings);
        long watchable = pollsLeft <= 0 ? 0 : (long) Math.floor(liveShare / (pollsLeft * pagesPerPoll));
        return new SweepForecast(now, liveMeetings, livePages, endedToday, perHour, average, upcoming, reserve,
                remainingToday, liveShare, liveDemand, watchable);
    }

    /** The configured demand (live polls at the interval plus the sweeps) does not fit what is left today. */
    public boolean shortfall() {
        return liveDemand + reserve > remainingToday;
    }

    String summary() {
        return "liveMeetings=" + liveMeetings + " liveDemandUntilMidnight=" + liveDemand + " sweepReserve=" + reserve
                + " (live sweeps " + liveSweepCalls + " + upcoming " + upcomingSweepCalls + " at "
                + String.format(java.util.Locale.ROOT, "%.1f", endedPerHour) + " ended/h x "
                + String.format(java.util.Locale.ROOT, "%.2f", averageSweepCalls) + " calls)"
                + " remainingToday=" + remainingToday + " liveShare=" + liveShare
                + " watchableAtInterval=" + watchableMeetings;
    }
}
