package io.zoomqos.collector.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SweepForecastTest {

    private static final Duration INTERVAL = Duration.ofMinutes(5);

    @Test
    void aSweepCostsItsPagesAtLeastOne() {
        assertThat(SweepForecast.sweepCalls(0)).isEqualTo(1);
        assertThat(SweepForecast.sweepCalls(10)).isEqualTo(1);
        assertThat(SweepForecast.sweepCalls(11)).isEqualTo(2);
    }

    @Test
    void reservesTheLiveMeetingsSweepsPlusTodaysRateOfEndedMeetingsUntilMidnight() {
        // Noon: 600 meetings ended in 12 h at 1.5 calls each = 50 ended/h; 12 h left -> 600 more -> 900 calls.
        Instant noon = Instant.parse("2026-12-01T12:00:00Z");
        SweepForecast f = SweepForecast.of(noon, INTERVAL, 200, 100, 600, 900, 30_000);

        assertThat(f.endedPerHour()).isEqualTo(50.0);
        assertThat(f.upcomingSweepCalls()).isEqualTo(900);
        assertThat(f.reserve()).isEqualTo(200 + 900);
        assertThat(f.liveShare()).isEqualTo(30_000 - 1_100);
        // 144 polls of 2 pages each until midnight per meeting: 28,900 / 288 = 100 meetings.
        assertThat(f.liveDemand()).isEqualTo(200 * 144);
        assertThat(f.watchableMeetings()).isEqualTo(100);
        assertThat(f.shortfall()).isFalse();
    }

    @Test
    void nearMidnightTheReserveShrinksToTheLiveMeetingsSweeps() {
        Instant late = Instant.parse("2026-12-01T23:59:59Z");
        SweepForecast f = SweepForecast.of(late, INTERVAL, 40, 20, 2_000, 3_000, 500);

        assertThat(f.upcomingSweepCalls()).isLessThanOrEqualTo(2);
        assertThat(f.reserve()).isBetween(40L, 42L);
    }

    @Test
    void aDemandBeyondTheRemainingQuotaIsAShortfallWithTheNumbers() {
        Instant morning = Instant.parse("2026-12-01T08:00:00Z");
        SweepForecast f = SweepForecast.of(morning, INTERVAL, 2_000, 2_000, 400, 800, 40_000);

        assertThat(f.shortfall()).isTrue();
        assertThat(f.summary()).contains("liveMeetings=2000").contains("remainingToday=40000")
                .contains("watchableAtInterval=");
    }

    @Test
    void whenOnlyTheReserveIsLeftNoMeetingCanBeWatched() {
        Instant noon = Instant.parse("2026-12-01T12:00:00Z");
        SweepForecast f = SweepForecast.of(noon, INTERVAL, 100, 50, 600, 900, 900);

        assertThat(f.liveShare()).isZero();
        assertThat(f.watchableMeetings()).isZero();
    }

    @Test
    void watchedAndPinnedMeetingsPollsAreReservedUntilMidnightAndTooManyOfThemIsSaid() {
        Instant noon = Instant.parse("2026-12-01T12:00:00Z");
        // 10 of the 200 live pages are watched or pinned: 144 polls until midnight each
        SweepForecast f = SweepForecast.of(noon, INTERVAL, 200, 100, 600, 900, 30_000, 10, DemandProfile.NONE);

        assertThat(f.keptLiveCalls()).isEqualTo(1_440);
        assertThat(f.reserve()).isEqualTo(200 + 900 + 1_440);
        assertThat(f.keptShortfall()).isFalse();
        // the kept polls are counted once in the shortfall: 28,800 live demand + 1,100 sweeps
        assertThat(f.shortfallCalls()).isZero();

        SweepForecast tight = SweepForecast.of(noon, INTERVAL, 200, 100, 600, 900, 2_000, 10, DemandProfile.NONE);
        assertThat(tight.keptShortfall()).isTrue();
        assertThat(tight.shortfallCalls()).isEqualTo(28_800 + 1_100 - 2_000);
        assertThat(tight.summary()).contains("watched/pinned polls 1440");
    }

    @Test
    void yesterdaysProfileShapesTheUpcomingSweepsScaledToTodaysLevel() {
        // yesterday: 200 one-page meetings ended in the morning, 400 in the afternoon
        java.util.List<DemandProfile.Span> spans = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            spans.add(span("2026-11-30T08:00:00Z", "2026-11-30T09:00:00Z", 1));
        }
        for (int i = 0; i < 400; i++) {
            spans.add(span("2026-11-30T14:00:00Z", "2026-11-30T15:00:00Z", 1));
        }
        DemandProfile yesterday = DemandProfile.of(java.time.LocalDate.parse("2026-11-30"), spans);
        Instant noon = Instant.parse("2026-12-01T12:00:00Z");

        // today ended 300 calls by noon against yesterday's 200: 1.5 x yesterday's 400 to come,
        // less the 50 pages live now (their sweeps are counted as live)
        SweepForecast f = SweepForecast.of(noon, INTERVAL, 50, 50, 300, 300, 30_000, 0, yesterday);
        assertThat(f.shapedByYesterday()).isTrue();
        assertThat(f.upcomingSweepCalls()).isEqualTo(600 - 50);
        assertThat(f.reserve()).isEqualTo(600);
        // without the profile: today's rate of ended meetings (25/h) for 12 h
        assertThat(SweepForecast.of(noon, INTERVAL, 50, 50, 300, 300, 30_000).upcomingSweepCalls()).isEqualTo(300);
    }

    @Test
    void theLiveShareGoesToThePeakThatTheQuietNightWillNotNeed() {
        // yesterday: 1,000 pages live from 12:00 to 16:00, then 10 until midnight
        java.util.List<DemandProfile.Span> spans = new java.util.ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            spans.add(span("2026-11-30T12:00:00Z", "2026-11-30T16:00:00Z", 1));
        }
        for (int i = 0; i < 10; i++) {
            spans.add(span("2026-11-30T16:00:00Z", "2026-12-01T00:00:00Z", 1));
        }
        DemandProfile yesterday = DemandProfile.of(java.time.LocalDate.parse("2026-11-30"), spans);
        Instant noon = Instant.parse("2026-12-01T12:00:00Z");

        SweepForecast f = SweepForecast.of(noon, INTERVAL, 1_000, 1_000, 0, 0, 30_000, 0, yesterday);
        // 29,000 to share; the night needs 10 pages / 300 s for 8 h = 960; the rest over the 4 h peak
        assertThat(f.liveShare()).isEqualTo(29_000);
        assertThat(f.liveRatePerSecond()).isCloseTo(28_040 / 14_400.0, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(f.livePaceUntil()).isBetween(Instant.parse("2026-12-01T16:08:00Z"), Instant.parse("2026-12-01T16:09:00Z"));

        // the first day, without a profile: the demand of now until midnight, so evenly
        SweepForecast flat = SweepForecast.of(noon, INTERVAL, 1_000, 1_000, 0, 0, 30_000, 0, DemandProfile.NONE);
        assertThat(flat.liveRatePerSecond()).isCloseTo(29_000 / 43_200.0, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(flat.livePaceUntil()).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
    }

    @Test
    void whenTheWholeDemandFitsTheLiveRateServesItsHighest() {
        Instant noon = Instant.parse("2026-12-01T12:00:00Z");
        // 30 pages every 5 min = 0.1/s, 4,320 until midnight: far less than the 29,970 to share
        SweepForecast f = SweepForecast.of(noon, INTERVAL, 30, 30, 0, 0, 30_000, 0, DemandProfile.NONE);
        assertThat(f.liveRatePerSecond()).isCloseTo(29_970 / 43_200.0, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(f.shortfall()).isFalse();
    }

    @Test
    void aProfileCountsEachMeetingsPagesForTheQuarterHoursItWasLive() {
        DemandProfile p = DemandProfile.of(java.time.LocalDate.parse("2026-11-30"),
                java.util.List.of(span("2026-11-30T12:07:30Z", "2026-11-30T12:22:30Z", 2)));
        assertThat(p.livePagesAt(12 * 3_600)).isEqualTo(1.0);
        assertThat(p.livePagesAt(12 * 3_600 + 15 * 60)).isEqualTo(1.0);
        assertThat(p.endedCallsBetween(0, 12 * 3_600 + 15 * 60)).isZero();
        assertThat(p.endedCallsBetween(12 * 3_600 + 15 * 60, 86_400)).isEqualTo(2.0);
        assertThat(DemandProfile.NONE.known()).isFalse();
    }

    private static DemandProfile.Span span(String start, String end, long pages) {
        return new DemandProfile.Span(Instant.parse(start), Instant.parse(end), pages);
    }
}
