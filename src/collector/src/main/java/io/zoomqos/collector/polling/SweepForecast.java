package io.zoomqos.collector.polling;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What the final sweeps and the watched and pinned meetings will need from now until 00:00 UTC,
 * what that leaves for the live polls of the rest, and how fast those may spend it now.
 *
 * <p>The live meetings' sweeps are certain ({@code ceil(n/10)} each for a roster of {@code n}).
 * The sweeps of meetings that end later follow yesterday's {@link DemandProfile} scaled to
 * today's level (today's ended sweep calls against yesterday's by the same time), or without one
 * today's rate of ended meetings. Watched and pinned meetings keep their interval: their polls
 * until midnight are reserved too. Conservative on purpose: a live meeting that ends after
 * midnight is still counted today, since a sweep short of quota costs a meeting, a reserve left
 * over costs only some live freshness, and the reserve shrinks as midnight nears.
 *
 * <p>The live share is spread by demand, not by time: yesterday's live pages per quarter hour,
 * scaled to the demand of now, are the forecast; the share is filled up to one level, the rate
 * at which every slot is served at most ({@code liveRatePerSecond}; a quiet slot needs less, a
 * peak is capped at it), so a peak gets what the night will not need and the share runs out at
 * midnight. Without a profile the demand of now is assumed until midnight, which spreads the
 * share evenly over the time left. Re-computed every minute, so a forecast that misses corrects
 * itself by what was actually spent.
 *
 * @param at when computed
 * @param liveMeetings meetings live now
 * @param liveSweepCalls sum of their sweeps' minimum cost
 * @param endedToday meetings that ended since 00:00 UTC
 * @param endedPerHour today's rate of ended meetings
 * @param averageSweepCalls the average minimum sweep cost of today's ended meetings (1 if none yet)
 * @param upcomingSweepCalls forecast cost of sweeps of meetings that will end before midnight
 * @param reserve calls to keep for sweeps and kept meetings: live sweeps plus upcoming plus
 *     {@code keptLiveCalls}
 * @param remainingToday the account's quota left today
 * @param liveShare what is left for live polls of the other meetings: remaining minus reserve (never negative)
 * @param liveDemand calls the live meetings would need until midnight at the configured interval
 * @param watchableMeetings how many meetings the live share can poll at the configured interval
 *     until midnight (at the live meetings' average pages per poll)
 * @param keptLiveCalls the watched and pinned meetings' live polls at the interval until midnight
 * @param liveRatePerSecond the rate the live share may be spent at now (calls/s)
 * @param livePaceUntil when the live share would be gone at that rate: the budget spends it by then
 * @param shapedByYesterday whether yesterday's profile was known to shape the forecast (false: today's
 *     rates and the demand of now only)
 */
public record SweepForecast(Instant at, int liveMeetings, long liveSweepCalls, long endedToday, double endedPerHour,
                            double averageSweepCalls, long upcomingSweepCalls, long reserve, long remainingToday,
                            long liveShare, long liveDemand, long watchableMeetings, long keptLiveCalls,
                            double liveRatePerSecond, Instant livePaceUntil, boolean shapedByYesterday) {

    /** Below this many sweep calls by now yesterday, today's level cannot be read from it. */
    private static final double LEAST_TO_COMPARE = 20;
    /** How far today's level may be from yesterday's before the scaling is capped (both ways). */
    private static final double MOST_SCALING = 4;
    /** The budget re-evaluates its rate continuously; a horizon closer than this would only make it jumpy. */
    private static final long SHORTEST_HORIZON_SECONDS = 60;

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
        return of(now, interval, livePages, liveMeetings, endedToday, endedSweepCalls, remainingToday, 0,
                DemandProfile.NONE);
    }

    /**
     * @param keptLivePages pages per poll of the watched and pinned meetings live now: they keep
     *     their interval, so their polls until midnight are reserved
     * @param yesterday the shape of the day ({@link DemandProfile#NONE} when unknown)
     */
    public static SweepForecast of(Instant now, Duration interval, long livePages, int liveMeetings, long endedToday,
                                   long endedSweepCalls, long remainingToday, long keptLivePages,
                                   DemandProfile yesterday) {
        Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant dayStart = midnight.minus(Duration.ofDays(1));
        long secondOfDay = Duration.between(dayStart, now).toSeconds();
        double secondsLeft = Math.max(0, Duration.between(now, midnight).toMillis() / 1000.0);
        double hoursElapsed = Math.max(1.0 / 60, Duration.between(dayStart, now).toMillis() / 3_600_000.0);
        double intervalSeconds = Math.max(1e-3, interval.toMillis() / 1000.0);
        double perHour = endedToday / hoursElapsed;
        double average = endedToday == 0 ? 1.0 : (double) endedSweepCalls / endedToday;

        double yesterdayByNow = yesterday.known() ? yesterday.endedCallsBetween(0, secondOfDay) : 0;
        boolean shaped = yesterday.known() && yesterdayByNow >= LEAST_TO_COMPARE;
        long upcoming;
        if (shaped) {
            double level = clamp(endedSweepCalls / yesterdayByNow);
            // yesterday's later ends include those of the meetings live now: counted once, as live
            upcoming = Math.max(0, (long) Math.ceil(level * yesterday.endedCallsBetween(secondOfDay, 86_400)) - livePages);
        } else {
            upcoming = (long) Math.ceil(perHour * secondsLeft / 3600 * average);
        }
        double pollsLeft = secondsLeft / intervalSeconds;
        // The live pages per quarter hour until midnight; the kept meetings keep today's share of them.
        double[] length = slotLengths(secondOfDay);
        double[] pages = livePages(secondOfDay, livePages, yesterday);
        double keptShare = livePages == 0 ? 0 : Math.min(1, (double) keptLivePages / livePages);
        double keptCalls = 0;
        double[] demand = new double[pages.length];
        for (int i = 0; i < pages.length; i++) {
            keptCalls += pages[i] * keptShare * length[i] / intervalSeconds;
            demand[i] = pages[i] * (1 - keptShare) / intervalSeconds;
        }
        long kept = (long) Math.ceil(keptCalls);
        long reserve = livePages + upcoming + kept;
        long liveShare = Math.max(0, remainingToday - reserve);
        long liveDemand = (long) Math.ceil(livePages * pollsLeft);
        double pagesPerPoll = liveMeetings == 0 ? 1.0 : Math.max(1.0, (double) livePages / liveMeetings);
        long watchable = pollsLeft <= 0 ? 0 : (long) Math.floor(liveShare / (pollsLeft * pagesPerPoll));

        double rate = waterLevel(demand, length, liveShare);
        Instant until = midnight;
        if (rate > 0 && liveShare > 0) {
            double seconds = Math.max(SHORTEST_HORIZON_SECONDS, liveShare / rate);
            until = seconds >= secondsLeft ? midnight : now.plusMillis((long) (seconds * 1000));
        }
        return new SweepForecast(now, liveMeetings, livePages, endedToday, perHour, average, upcoming, reserve,
                remainingToday, liveShare, liveDemand, watchable, kept, rate, until, yesterday.known());
    }

    /** The seconds of each quarter hour from now to midnight: the first from now to its end. */
    private static double[] slotLengths(long secondOfDay) {
        int first = (int) Math.min(DemandProfile.SLOTS, secondOfDay / DemandProfile.SLOT_SECONDS);
        double[] length = new double[DemandProfile.SLOTS - first];
        for (int i = 0; i < length.length; i++) {
            length[i] = i == 0 ? (first + 1) * DemandProfile.SLOT_SECONDS - secondOfDay : DemandProfile.SLOT_SECONDS;
        }
        return length;
    }

    /**
     * The live meetings' pages per poll for each quarter hour from now to midnight: now's, and
     * after it yesterday's shape scaled to now's level; without yesterday (or with nothing live at
     * this time yesterday), now's throughout.
     */
    private static double[] livePages(long secondOfDay, long livePagesNow, DemandProfile yesterday) {
        int first = (int) Math.min(DemandProfile.SLOTS, secondOfDay / DemandProfile.SLOT_SECONDS);
        double[] pages = new double[DemandProfile.SLOTS - first];
        double yesterdayNow = yesterday.known() ? yesterday.livePagesAt(secondOfDay) : 0;
        boolean shaped = yesterdayNow >= 1 && livePagesNow > 0;
        double level = shaped ? clamp(livePagesNow / yesterdayNow) : 1;
        for (int i = 0; i < pages.length; i++) {
            pages[i] = i == 0 || !shaped ? livePagesNow
                    : level * yesterday.livePagesAt((first + i) * DemandProfile.SLOT_SECONDS);
        }
        return pages;
    }

    /**
     * The rate {@code c} at which serving every slot {@code min(demand, c)} spends {@code share}
     * by midnight (water-filling: the fairest spread, every peak capped alike). When the whole
     * demand fits, the highest demand (or the even spread, if higher): nothing needs capping.
     */
    private static double waterLevel(double[] demand, double[] length, long share) {
        if (demand.length == 0 || share <= 0) {
            return 0;
        }
        double total = 0;
        double highest = 0;
        double seconds = 0;
        for (int i = 0; i < demand.length; i++) {
            total += demand[i] * length[i];
            highest = Math.max(highest, demand[i]);
            seconds += length[i];
        }
        if (total <= share) {
            return Math.max(highest, share / Math.max(1, seconds));
        }
        double low = 0;
        double high = highest;
        for (int step = 0; step < 60; step++) {
            double mid = (low + high) / 2;
            double spent = 0;
            for (int i = 0; i < demand.length; i++) {
                spent += Math.min(demand[i], mid) * length[i];
            }
            if (spent > share) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return low;
    }

    private static double clamp(double level) {
        return Math.max(1 / MOST_SCALING, Math.min(MOST_SCALING, level));
    }

    /** The configured demand (live polls at the interval plus the sweeps) does not fit what is left today. */
    public boolean shortfall() {
        return shortfallCalls() > 0;
    }

    /** How many calls the configured demand needs until midnight beyond what is left today. */
    public long shortfallCalls() {
        // liveDemand counts the kept meetings' polls too, and so does the reserve
        return Math.max(0, liveDemand + reserve - keptLiveCalls - remainingToday);
    }

    /** The watched and pinned meetings' polls until midnight do not fit next to the sweeps. */
    public boolean keptShortfall() {
        return reserve > remainingToday;
    }

    String summary() {
        return "liveMeetings=" + liveMeetings + " liveDemandUntilMidnight=" + liveDemand + " sweepReserve=" + reserve
                + " (live sweeps " + liveSweepCalls + " + upcoming " + upcomingSweepCalls
                + (shapedByYesterday ? " by yesterday's profile" : " at "
                        + String.format(java.util.Locale.ROOT, "%.1f", endedPerHour) + " ended/h x "
                        + String.format(java.util.Locale.ROOT, "%.2f", averageSweepCalls) + " calls")
                + " + watched/pinned polls " + keptLiveCalls + ")"
                + " remainingToday=" + remainingToday + " liveShare=" + liveShare
                + String.format(java.util.Locale.ROOT, " liveRate=%.2f/s", liveRatePerSecond)
                + " watchableAtInterval=" + watchableMeetings;
    }
}
