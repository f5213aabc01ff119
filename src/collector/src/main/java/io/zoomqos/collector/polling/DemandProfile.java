package io.zoomqos.collector.polling;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;

/**
 * A past day's demand per quarter hour of the UTC day: the live pages polled at the interval
 * (meetings live in the slot, weighted by how much of it they were live) and the minimum sweep
 * calls of the meetings that ended in it. Today's forecast follows yesterday's shape (a business
 * day has its night trough and its peaks at the same hours), scaled to today's level; without
 * one ({@link #NONE}, e.g. the first day) the forecast assumes the demand of now until midnight.
 */
public final class DemandProfile {

    static final int SLOTS = 96;
    static final long SLOT_SECONDS = 86_400 / SLOTS;

    /** No past day known. */
    public static final DemandProfile NONE = new DemandProfile(null, new double[SLOTS], new double[SLOTS]);

    /** One meeting of the past day: when it was live and its pages per poll ({@code ceil(n/10)}, at least 1). */
    public record Span(Instant start, Instant end, long pages) {
    }

    private final LocalDate day;
    private final double[] livePages;
    private final double[] endedCalls;

    private DemandProfile(LocalDate day, double[] livePages, double[] endedCalls) {
        this.day = day;
        this.livePages = livePages;
        this.endedCalls = endedCalls;
    }

    /** The profile of {@code day} from its meetings (those outside it only count for their part inside). */
    public static DemandProfile of(LocalDate day, Collection<Span> meetings) {
        double[] live = new double[SLOTS];
        double[] ended = new double[SLOTS];
        long dayStart = day.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        long dayEnd = dayStart + 86_400;
        for (Span m : meetings) {
            long from = Math.max(dayStart, m.start().getEpochSecond());
            long to = Math.min(dayEnd, m.end().getEpochSecond());
            for (long t = from; t < to; ) {
                int slot = (int) ((t - dayStart) / SLOT_SECONDS);
                long slotEnd = dayStart + (slot + 1) * SLOT_SECONDS;
                long until = Math.min(to, slotEnd);
                live[slot] += m.pages() * (until - t) / (double) SLOT_SECONDS;
                t = until;
            }
            long end = m.end().getEpochSecond();
            if (end >= dayStart && end < dayEnd) {
                ended[(int) ((end - dayStart) / SLOT_SECONDS)] += m.pages();
            }
        }
        return new DemandProfile(day, live, ended);
    }

    /** Whether a past day is known at all. */
    public boolean known() {
        return day != null;
    }

    /** Average live pages in the slot of the time of day {@code secondOfDay}. */
    double livePagesAt(long secondOfDay) {
        return livePages[slot(secondOfDay)];
    }

    /** Sweep calls of the meetings that ended between the two times of day (parts of a slot pro rata). */
    double endedCallsBetween(long fromSecondOfDay, long toSecondOfDay) {
        double sum = 0;
        for (long t = fromSecondOfDay; t < toSecondOfDay; ) {
            int slot = slot(t);
            long until = Math.min(toSecondOfDay, (slot + 1) * SLOT_SECONDS);
            sum += endedCalls[slot] * (until - t) / (double) SLOT_SECONDS;
            t = until;
        }
        return sum;
    }

    private static int slot(long secondOfDay) {
        return (int) Math.min(SLOTS - 1, Math.max(0, secondOfDay / SLOT_SECONDS));
    }
}
