package io.zoomqos.collector.ratelimit;

import static io.zoomqos.collector.ratelimit.BudgetHarness.INTERVAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.ratelimit.RateLimitSignal.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitFeedbackTest {

    private static final Instant NOON = Instant.parse("2026-11-25T12:00:00Z");
    private static final long SECOND = 1_000_000_000L;

    private final BudgetHarness h = new BudgetHarness(NOON, BudgetHarness.perSecondOnly());
    private final List<Long> grants = new ArrayList<>();

    /** A caller that asks for the next permit as soon as it got one: the budget is the only brake. */
    private void saturate() {
        h.budget.acquire().subscribe(null, null, () -> {
            grants.add(h.nanos());
            saturate();
        });
    }

    private long grantsIn(long fromNanos, long toNanos) {
        return grants.stream().filter(t -> t >= fromNanos && t < toNanos).count();
    }

    @Test
    void perSecond429PausesTheAccountThenResumesAtHalfRateAndRecoversAdditively() {
        saturate();
        h.advance(Duration.ofSeconds(2));
        long hit = h.nanos();
        h.budget.record(new RateLimitSignal(Kind.PER_SECOND_EXCEEDED, null, null, h.now()));

        assertThat(h.budget.status().pausedUntil()).isEqualTo(h.now().plusSeconds(1));
        h.advance(Duration.ofSeconds(1).minusNanos(1));
        assertThat(grantsIn(hit + 1, hit + SECOND)).as("paused").isZero();

        h.advanceNanos(1);
        assertThat(grants.get(grants.size() - 1)).as("resumes at the end of the pause").isEqualTo(hit + SECOND);
        assertThat(h.budget.status().currentRatePerSecond()).isEqualTo(7.0);
        h.advance(Duration.ofSeconds(3));
        assertThat(h.budget.status().currentRatePerSecond()).isEqualTo(10.0);
        assertThat(grantsIn(hit + SECOND, hit + 2 * SECOND)).as("second after the pause, 7..8/s").isBetween(7L, 8L);
        h.advance(Duration.ofSeconds(10));
        assertThat(h.budget.status().currentRatePerSecond()).isEqualTo(14.0);
        assertThat(grantsIn(hit + 12 * SECOND, hit + 13 * SECOND)).as("recovered").isEqualTo(14);
        assertThat(h.budget.throttled(Kind.PER_SECOND_EXCEEDED)).isEqualTo(1);
    }

    @Test
    void severalPerSecond429sFromOneBurstLowerTheRateOnce() {
        saturate();
        h.advance(Duration.ofSeconds(2));
        for (int i = 0; i < 5; i++) {
            h.budget.record(new RateLimitSignal(Kind.PER_SECOND_EXCEEDED, null, null, h.now()));
            h.advance(Duration.ofMillis(20));
        }
        h.advance(Duration.ofSeconds(1));
        assertThat(h.budget.status().currentRatePerSecond()).isBetween(7.0, 7.2);
        assertThat(h.budget.throttled(Kind.PER_SECOND_EXCEEDED)).isEqualTo(5);
    }

    @Test
    void aSecondPerSecond429AfterThePauseLowersAgain() {
        saturate();
        h.budget.record(new RateLimitSignal(Kind.PER_SECOND_EXCEEDED, null, null, h.now()));
        h.advance(Duration.ofSeconds(1));
        h.budget.record(new RateLimitSignal(Kind.PER_SECOND_EXCEEDED, null, null, h.now()));
        h.advance(Duration.ofSeconds(1));
        assertThat(h.budget.status().currentRatePerSecond()).isEqualTo(3.5);
    }

    @Test
    void daily429PausesUntilRetryAfter() {
        saturate();
        Instant retryAfter = h.now().plus(Duration.ofHours(2));
        h.budget.record(new RateLimitSignal(Kind.DAILY_EXCEEDED, retryAfter, null, h.now()));
        int before = grants.size();
        assertThat(h.budget.status().pausedUntil()).isEqualTo(retryAfter);

        h.advance(Duration.ofHours(2).minusNanos(1));
        assertThat(grants).hasSize(before);
        h.advanceNanos(1);
        assertThat(grants).hasSize(before + 1);
        assertThat(grants.get(before)).isEqualTo(h.nanos());
        assertThat(h.budget.throttled(Kind.DAILY_EXCEEDED)).isEqualTo(1);
    }

    @Test
    void daily429WithoutRetryAfterPausesUntilMidnightUtc() {
        saturate();
        h.budget.record(new RateLimitSignal(Kind.DAILY_EXCEEDED, null, null, h.now()));
        int before = grants.size();
        assertThat(h.budget.status().pausedUntil()).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));

        h.advance(Duration.ofHours(12).minusNanos(1));
        assertThat(grants).hasSize(before);
        h.advanceNanos(1);
        assertThat(grants).hasSize(before + 1);
        assertThat(h.budget.status().pausedUntil()).isNull();
        assertThat(h.budget.status().spentToday()).isEqualTo(1);
    }

    @Test
    void aSimulatorsRemainingHeaderForItsFasterDayDoesNotCorrectTheCount() {
        h.budget.ignoreRemainingHeader();
        for (int i = 0; i < 10; i++) {
            h.budget.acquire().subscribe();
        }
        h.advance(Duration.ofSeconds(1));
        h.budget.record(RateLimitSignal.answered(5L, h.now()));
        assertThat(h.budget.status().spentToday()).isEqualTo(10);
    }

    @Test
    void remainingHeaderRaisesTheLocalCountButNeverLowersIt() {
        for (int i = 0; i < 10; i++) {
            h.budget.acquire().subscribe();
        }
        h.advance(Duration.ofSeconds(1));
        assertThat(h.budget.status().spentToday()).isEqualTo(10);

        h.budget.record(RateLimitSignal.answered(999_999_000L, h.now()));
        assertThat(h.budget.status().spentToday()).as("others spent too: Zoom's figure wins").isEqualTo(1_000);

        h.budget.record(RateLimitSignal.answered(999_999_995L, h.now()));
        assertThat(h.budget.status().spentToday()).as("a stale, higher remaining is ignored").isEqualTo(1_000);
        assertThat(h.budget.status().remainingToday()).isEqualTo(999_999_000L);

        h.budget.flush().subscribe();
        assertThat(h.ledger.get(BudgetHarness.ACCOUNT, java.time.LocalDate.parse("2026-11-25"))).isEqualTo(1_000);
    }

    @Test
    void pacingResumesOneIntervalAfterTheLastGrantWhenNoSignalIntervenes() {
        saturate();
        h.advance(Duration.ofSeconds(1));
        for (int i = 1; i < grants.size(); i++) {
            assertThat(grants.get(i) - grants.get(i - 1)).isEqualTo(INTERVAL);
        }
    }

    // ------------------------------------------------------------------ daily 429s that would repeat

    private static final long LATENCY = 100_000_000L;

    /**
     * {@code callers} callers, each asking again as soon as its answer came back ({@code LATENCY}
     * after its grant): the budget is the only brake. Every answer is Zoom's daily 429 that
     * {@code answer} builds from the moment it is sent.
     */
    private void callersAnsweredBy(int callers, java.util.function.LongFunction<RateLimitSignal> answer) {
        for (int i = 0; i < callers; i++) {
            call(answer);
        }
    }

    private void call(java.util.function.LongFunction<RateLimitSignal> answer) {
        h.budget.acquire().subscribe(null, null, () -> {
            grants.add(h.nanos());
            h.scheduler.schedule(() -> {
                h.budget.record(answer.apply(h.nanos()));
                call(answer);
            }, LATENCY, java.util.concurrent.TimeUnit.NANOSECONDS);
        });
    }

    @Test
    void aDaily429WhoseRetryAfterHasPassedBacksOffInsteadOfRetryingAtThePacedRate() {
        // clock skew: Zoom's Retry-After is already a minute in the past when it arrives
        callersAnsweredBy(14, sent -> new RateLimitSignal(Kind.DAILY_EXCEEDED, h.now().minusSeconds(60), null, h.now()));

        h.advance(Duration.ofSeconds(10));
        // before: 140 requests in these 10 s. Now: the first two (the second was sent before the
        // first answer came back), then one after each pause of 1, 2 and 4 s.
        assertThat(grantsIn(0, 10 * SECOND)).isEqualTo(5);
        h.advance(Duration.ofSeconds(50));
        assertThat(grantsIn(0, 60 * SECOND)).as("the first minute").isLessThanOrEqualTo(8);
        h.advance(Duration.ofMinutes(30));
        assertThat(grantsIn(20 * 60 * SECOND, 30 * 60 * SECOND)).as("ten minutes at the 5-minute ceiling")
                .isBetween(2L, 3L);
        assertThat(h.budget.status().pausedUntil()).isNotNull();
    }

    @Test
    void aDaily429ThatRepeatsRightAfterItsPauseBacksOffExponentially() {
        // Zoom keeps saying "retry in half a second" and keeps refusing
        callersAnsweredBy(14, sent -> new RateLimitSignal(Kind.DAILY_EXCEEDED, h.now().plusMillis(500), null, h.now()));

        h.advance(Duration.ofMinutes(1));
        assertThat(grantsIn(0, 60 * SECOND)).as("instead of 2 a second").isLessThanOrEqualTo(9);
        h.advance(Duration.ofMinutes(30));
        assertThat(grantsIn(20 * 60 * SECOND, 30 * 60 * SECOND)).isBetween(2L, 3L);
    }

    @Test
    void aNormalAnswerAfterTheDailyPauseRestoresNormalPacing() {
        boolean[] limited = {true};
        callersAnsweredBy(1, sent -> limited[0]
                ? new RateLimitSignal(Kind.DAILY_EXCEEDED, h.now().minusSeconds(60), null, h.now())
                : RateLimitSignal.answered(null, h.now()));
        h.advance(Duration.ofSeconds(20)); // backed off to 16 s by now
        limited[0] = false;
        h.advance(Duration.ofMinutes(1));
        int before = grants.size();
        h.advance(Duration.ofSeconds(10));
        assertThat(grants.size() - before).as("one caller, one answer per 100 ms").isBetween(99, 100);
        assertThat(h.budget.status().pausedUntil()).isNull();
    }

    @Test
    void aRetryAfterYearsAwayIsNotBelievedBeyondTwoDays() {
        h.budget.record(new RateLimitSignal(Kind.DAILY_EXCEEDED, Instant.parse("9999-12-31T00:00:00Z"), null, h.now()));
        assertThat(h.budget.status().pausedUntil()).isEqualTo(h.now().plus(Duration.ofDays(2)));
    }
}
