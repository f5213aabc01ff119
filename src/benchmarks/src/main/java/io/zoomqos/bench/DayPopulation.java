package io.zoomqos.bench;

import io.zoomqos.collector.polling.Attention;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The business day both day harnesses play ({@link DayHarness} in a model, {@link SimulatedDayHarness}
 * on the simulator): meeting starts follow a night trough and peak at 10:00 and 15:00 UTC, scaled so
 * that about {@code peakLive} meetings are live at the peak; 30 to 60 minutes each, 2 to
 * {@code 2 x mean - 2} participants; 2% watched, 1% pinned, 5% poor. A pure function of its arguments.
 */
final class DayPopulation {

    /** One meeting of the day. */
    record Slot(int index, Instant start, Instant end, int participants, Attention attention) {
    }

    private DayPopulation() {
    }

    /** @param peakLive meetings live at the peak (fractional: a scaled-down day) */
    static List<Slot> of(Instant day, double peakLive, int meanParticipants, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double meanMinutes = 45;
        double peakStartsPerMinute = peakLive / meanMinutes;
        List<Slot> meetings = new ArrayList<>();
        int index = 0;
        for (int minute = 0; minute < 24 * 60; minute++) {
            double rate = peakStartsPerMinute * profile(minute / 60.0);
            int starts = poisson(random, rate);
            for (int i = 0; i < starts; i++) {
                Instant start = day.plusSeconds(minute * 60L + random.nextInt(60));
                Instant end = start.plusSeconds(60L * (30 + random.nextInt(31)));
                int n = 2 + random.nextInt(Math.max(1, 2 * meanParticipants - 3));
                double a = random.nextDouble();
                Attention attention = a < 0.02 ? Attention.WATCHED : a < 0.03 ? Attention.PINNED
                        : a < 0.08 ? Attention.POOR : Attention.OTHER;
                meetings.add(new Slot(index, start, end, n, attention));
                index++;
            }
        }
        return meetings;
    }

    /** Relative start rate at an hour of the UTC day: 0.05 at night, 1.0 at 10:00 and 15:00. */
    static double profile(double hour) {
        double morning = Math.exp(-Math.pow((hour - 10) / 1.5, 2));
        double afternoon = Math.exp(-Math.pow((hour - 15) / 1.8, 2));
        return Math.max(0.05, Math.max(morning, afternoon));
    }

    private static int poisson(SplittableRandom random, double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l && k < 10_000);
        return k - 1;
    }
}
