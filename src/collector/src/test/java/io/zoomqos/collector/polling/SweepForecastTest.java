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
}
