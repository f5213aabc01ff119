package io.zoomqos.collector.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DailyPacingTest {

    private static final Instant MIDNIGHT = Instant.parse("2026-11-25T00:00:00Z");
    private static final LocalDate DAY1 = LocalDate.parse("2026-11-25");
    private static final LocalDate DAY2 = LocalDate.parse("2026-11-26");

    @Test
    void withoutAHorizonNormalCallsSpendTheQuotaEvenlyUntilMidnightUtcThenStartAgain() {
        BudgetHarness h = new BudgetHarness(MIDNIGHT, BudgetHarness.limits(16, 60_000, 0.0));
        assertThat(h.budget.status().currentRatePerSecond()).isCloseTo(60_000 / 86_400.0, within(1e-9));
        List<Long> normals = new ArrayList<>();
        Runnable[] caller = new Runnable[1];
        caller[0] = () -> h.budget.acquire().subscribe(null, null, () -> {
            normals.add(h.nanos());
            caller[0].run();
        });
        caller[0].run();

        for (int hour = 1; hour <= 23; hour++) {
            h.advance(Duration.ofHours(1));
            long expected = 60_000L * hour / 24;
            assertThat(h.budget.status().spentToday()).as("hour %d", hour).isBetween(expected - 3, expected + 1);
            // rate = what is left over the time left: stays level when on track
            assertThat(h.budget.status().currentRatePerSecond()).as("hour %d", hour)
                    .isCloseTo(60_000 / 86_400.0, within(0.01));
        }
        h.advance(Duration.ofMinutes(59).plusSeconds(59).plusMillis(999));
        long normalsDay1 = normals.size();
        assertThat(normalsDay1).as("the whole quota was used").isBetween(59_997L, 60_000L);
        h.budget.flush().subscribe();
        assertThat(h.ledger.get(BudgetHarness.ACCOUNT, DAY1)).isEqualTo(normalsDay1);

        // 00:00 UTC: a new day, a new quota, the same even pace
        h.advance(Duration.ofHours(1).plusMillis(1));
        assertThat(h.budget.status().resetsAt()).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
        assertThat(h.budget.status().spentToday()).isBetween(60_000L / 24 - 3, 60_000L / 24 + 1);
        h.budget.flush().subscribe();
        assertThat(h.ledger.get(BudgetHarness.ACCOUNT, DAY2)).isEqualTo(h.budget.status().spentToday());
        assertThat(h.ledger.get(BudgetHarness.ACCOUNT, DAY1)).isEqualTo(normalsDay1);
    }

    @Test
    void theConfiguredReserveShrinksWithTheDaySoNoQuotaIsLeftUnusedAtMidnight() {
        BudgetHarness h = new BudgetHarness(MIDNIGHT, BudgetHarness.limits(16, 60_000, 0.05));
        long[] mostSpentBeforeANormalGrant = {0};
        Runnable[] caller = new Runnable[1];
        caller[0] = () -> h.budget.acquire().subscribe(null, null, () -> {
            long spentBefore = h.budget.status().spentToday() - 1;
            long reserveThen = (long) Math.ceil(3_000 * (86_400 - h.nanos() / 1e9) / 86_400);
            mostSpentBeforeANormalGrant[0] = Math.max(mostSpentBeforeANormalGrant[0], spentBefore + reserveThen);
            caller[0].run();
        });
        caller[0].run();

        h.advance(Duration.ofHours(12));
        // noon: half the reserve is still kept (1,500); normal calls spread the rest until midnight
        assertThat(h.budget.status().spentToday()).isBetween(28_000L, 30_000L);
        h.advance(Duration.ofHours(11).plusMinutes(59).plusSeconds(59));
        // the reserve was a floor normal calls never went below, and it was gone by midnight
        assertThat(mostSpentBeforeANormalGrant[0]).isLessThanOrEqualTo(60_000L);
        assertThat(h.budget.status().remainingToday()).as("unused at midnight").isLessThanOrEqualTo(5);
    }

    @Test
    void sweepsAreNotPacedByTimeOnlyByThePerSecondCap() {
        // noon, 30,000 left: spread evenly that would be 0.69/s; a peak of 1,400 sweeps goes at 14/s
        BudgetHarness h = new BudgetHarness(MIDNIGHT.plusSeconds(12 * 3600), BudgetHarness.limits(16, 60_000, 0.05));
        h.budget.record(RateLimitSignal.answered(30_000L, h.now()));
        List<Long> sweeps = new ArrayList<>();
        for (int i = 0; i < 1_400; i++) {
            h.budget.acquire(Priority.SWEEP).subscribe(null, null, () -> sweeps.add(h.nanos()));
        }
        h.advance(Duration.ofSeconds(100));
        assertThat(sweeps).hasSize(1_400);
        assertThat(h.budget.status().spentToday()).isEqualTo(31_400);
    }

    @Test
    void normalCallsSpendTheirShareByTheLiveHorizonThenWait() {
        // noon, 10,000 for the day, 2,000 reserved: 8,000 for normal calls, to be spent by 14:00
        BudgetHarness h = new BudgetHarness(MIDNIGHT.plusSeconds(12 * 3600), BudgetHarness.limits(16, 10_000, 0.05));
        h.budget.reserveForSweeps(2_000);
        h.budget.paceLive(MIDNIGHT.plusSeconds(14 * 3600));
        assertThat(h.budget.status().currentRatePerSecond()).isCloseTo(8_000 / 7_200.0, within(1e-6));
        Runnable[] caller = new Runnable[1];
        caller[0] = () -> h.budget.acquire().subscribe(null, null, () -> caller[0].run());
        caller[0].run();

        h.advance(Duration.ofHours(1));
        assertThat(h.budget.status().spentToday()).isBetween(3_997L, 4_001L);
        h.advance(Duration.ofHours(1));
        // the last minute before the horizon is spread over a minute at least: nearly all of it
        assertThat(h.budget.status().spentToday()).isBetween(7_950L, 8_000L);
        // a horizon nobody renewed: the rest evenly until midnight, the reserve left alone
        h.advance(Duration.ofHours(9).plusMinutes(59));
        assertThat(h.budget.status().spentToday()).isEqualTo(8_000L);
        assertThat(h.budget.status().waiting()).isEqualTo(1);
    }

    @Test
    void keepsTheReserveForSweeps() {
        BudgetHarness h = new BudgetHarness(MIDNIGHT.plusSeconds(12 * 3600), BudgetHarness.limits(16, 1_000, 0.05));
        h.budget.reserveForSweeps(50); // the sweep forecast
        h.budget.record(RateLimitSignal.answered(50L, h.now())); // Zoom: 50 left, exactly the reserve
        assertThat(h.budget.status().spentToday()).isEqualTo(950);

        List<String> granted = new ArrayList<>();
        h.budget.acquire().subscribe(null, null, () -> granted.add("normal@" + h.now()));
        h.budget.acquire(Priority.SWEEP).subscribe(null, null, () -> granted.add("sweep"));
        h.advance(Duration.ofHours(11).plusMinutes(59));
        assertThat(granted).containsExactly("sweep");
        assertThat(h.budget.status().waiting()).isEqualTo(1);

        h.advance(Duration.ofMinutes(1));
        assertThat(granted).containsExactly("sweep", "normal@2026-11-26T00:00:00Z");
    }

    @Test
    void nothingIsGrantedOnceZoomSaysTheDayIsSpentUntilMidnight() {
        BudgetHarness h = new BudgetHarness(MIDNIGHT.plusSeconds(12 * 3600), BudgetHarness.limits(16, 1_000, 0.05));
        h.budget.record(RateLimitSignal.answered(0L, h.now()));
        List<Instant> sweeps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            h.budget.acquire(Priority.SWEEP).subscribe(null, null, () -> sweeps.add(h.now()));
        }
        h.advance(Duration.ofHours(12).minusNanos(1));
        assertThat(sweeps).isEmpty();
        assertThat(h.budget.status().remainingToday()).isZero();
        h.advanceNanos(1);
        assertThat(sweeps).containsExactly(Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(h.budget.status().remainingToday()).isEqualTo(999);
    }

    @Test
    void idleTimeRaisesTheRateForTheRestOfTheDay() {
        BudgetHarness h = new BudgetHarness(MIDNIGHT, BudgetHarness.limits(16, 60_000, 0.05));
        h.advance(Duration.ofHours(12));
        // what the reserve leaves (half of it is kept for the half day left) over the time left
        assertThat(h.budget.status().currentRatePerSecond()).isCloseTo(58_500 / 43_200.0, within(1e-9));
        h.advance(Duration.ofHours(11).plusMinutes(59));
        // 57,000 over the last minute is far above the per-second cap: the cap binds
        assertThat(h.budget.status().currentRatePerSecond()).isEqualTo(14.0);
    }

    @Test
    void aRestartedBudgetContinuesFromTheLedger() {
        BudgetHarness h = new BudgetHarness(MIDNIGHT.plusSeconds(3600), BudgetHarness.perSecondOnly());
        for (int i = 0; i < 30; i++) {
            h.budget.acquire().subscribe();
        }
        h.advance(Duration.ofSeconds(3));
        h.budget.flush().subscribe();
        PacedAccountBudget restarted = new PacedAccountBudget(BudgetHarness.ACCOUNT, BudgetHarness.perSecondOnly(),
                BudgetProperties.defaults(), h.clock, h::nanos, h.scheduler, h.ledger);
        restarted.start().subscribe();
        assertThat(restarted.status().spentToday()).isEqualTo(30);
    }

    // ------------------------------------------------------------------ the arithmetic on its own

    private static final long SECOND = 1_000_000_000L;
    private static final long NOON_NANOS = (MIDNIGHT.getEpochSecond() + 12 * 3600) * SECOND;

    @Test
    void theRateIsWhatIsLeftOverTheTimeLeftAndOnlySweepsMayUseTheReserve() {
        DailyPacing pacing = new DailyPacing("a", BudgetHarness.limits(16, 1_000, 0.05), NOON_NANOS);
        // 5% of 1,000 for the half day left
        assertThat(pacing.reserve(NOON_NANOS)).isEqualTo(25);
        assertThat(pacing.rate(NOON_NANOS, Priority.NORMAL)).isCloseTo(975 / 43_200.0, within(1e-12));
        assertThat(pacing.rate(NOON_NANOS, Priority.SWEEP)).isInfinite();
        pacing.correct(25L, NOON_NANOS);
        assertThat(pacing.rate(NOON_NANOS, Priority.NORMAL)).isZero();
        assertThat(pacing.rate(NOON_NANOS, Priority.SWEEP)).isInfinite();
        pacing.correct(0L, NOON_NANOS);
        assertThat(pacing.rate(NOON_NANOS, Priority.SWEEP)).isZero();
    }

    @Test
    void theConfiguredReserveIsForThePartOfTheDayLeftAndTheForecastWinsWhenLarger() {
        long midnight = MIDNIGHT.getEpochSecond() * SECOND;
        DailyPacing pacing = new DailyPacing("a", BudgetHarness.limits(16, 1_000, 0.05), midnight);
        assertThat(pacing.reserve(midnight)).isEqualTo(50);
        assertThat(pacing.reserve(NOON_NANOS)).isEqualTo(25);
        assertThat(pacing.reserve(midnight + 86_399 * SECOND)).isEqualTo(1);
        pacing.reserveForSweeps(40);
        assertThat(pacing.reserve(midnight)).isEqualTo(50);
        assertThat(pacing.reserve(NOON_NANOS)).isEqualTo(40);
    }

    @Test
    void normalCallsSpreadTheirShareUntilTheLiveHorizonOrMidnight() {
        DailyPacing pacing = new DailyPacing("a", BudgetHarness.limits(16, 1_000, 0.0), NOON_NANOS);
        pacing.paceLiveUntil(NOON_NANOS + 3_600 * SECOND);
        assertThat(pacing.rate(NOON_NANOS, Priority.NORMAL)).isCloseTo(1_000 / 3_600.0, within(1e-12));
        // never closer than a minute: the polling side renews it every minute
        assertThat(pacing.rate(NOON_NANOS + 3_599 * SECOND, Priority.NORMAL)).isCloseTo(1_000 / 60.0, within(1e-12));
        // passed and not renewed: evenly until midnight again, not the whole share at once
        assertThat(pacing.rate(NOON_NANOS + 3_600 * SECOND, Priority.NORMAL)).isCloseTo(1_000 / 39_600.0, within(1e-12));
        pacing.paceLiveUntil(NOON_NANOS + 13 * 3_600 * SECOND);
        assertThat(pacing.rate(NOON_NANOS, Priority.NORMAL)).as("never past midnight").isCloseTo(1_000 / 43_200.0,
                within(1e-12));
        pacing.paceLiveUntil(NOON_NANOS + 3_600 * SECOND);
        pacing.roll(NOON_NANOS + 12 * 3_600 * SECOND);
        assertThat(pacing.rate(NOON_NANOS + 12 * 3_600 * SECOND, Priority.NORMAL)).as("a new day forgets it")
                .isCloseTo(1_000 / 86_400.0, within(1e-12));
    }

    @Test
    void spendCountsForItsDayAndWaitsForTheLedger() {
        DailyPacing pacing = new DailyPacing("a", BudgetHarness.limits(16, 1_000, 0.05), NOON_NANOS);
        pacing.spend(NOON_NANOS);
        pacing.spend(NOON_NANOS - 13 * 3600 * SECOND); // granted yesterday, counted late
        assertThat(pacing.spent()).isEqualTo(1);
        assertThat(pacing.takeUnflushed()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(DAY1, 1L,
                LocalDate.parse("2026-11-24"), 1L));
        assertThat(pacing.takeUnflushed()).isEmpty();
        pacing.restore(DAY1, 1);
        assertThat(pacing.takeUnflushed()).containsExactly(java.util.Map.entry(DAY1, 1L));
    }

    @Test
    void zoomsRemainingRaisesTheCountNeverLowersItAndOnlyForOurDay() {
        DailyPacing pacing = new DailyPacing("a", BudgetHarness.limits(16, 1_000, 0.05), NOON_NANOS);
        pacing.correct(900L, NOON_NANOS);
        assertThat(pacing.spent()).isEqualTo(100);
        pacing.correct(950L, NOON_NANOS);
        assertThat(pacing.spent()).isEqualTo(100);
        pacing.correct(0L, NOON_NANOS + 13 * 3600 * SECOND); // tomorrow's answer
        assertThat(pacing.spent()).isEqualTo(100);
        pacing.ignoreRemainingHeader();
        pacing.correct(0L, NOON_NANOS);
        assertThat(pacing.spent()).isEqualTo(100);
    }

    @Test
    void aNewUtcDayStartsANewCountAndTheLedgerLoadsOnlyIntoItsOwnDay() {
        DailyPacing pacing = new DailyPacing("a", BudgetHarness.limits(16, 1_000, 0.05), NOON_NANOS);
        pacing.load(DAY1, 40);
        pacing.load(DAY2, 7);
        assertThat(pacing.spent()).isEqualTo(40);
        pacing.adopt(DAY1, 30);
        assertThat(pacing.spent()).as("a lower stored total is ours not yet flushed").isEqualTo(40);
        pacing.adopt(DAY1, 70);
        assertThat(pacing.spent()).isEqualTo(70);
        pacing.roll(NOON_NANOS + 12 * 3600 * SECOND);
        assertThat(pacing.day()).isEqualTo(DAY2);
        assertThat(pacing.spent()).isZero();
        assertThat(DailyPacing.nextReset(NOON_NANOS)).isEqualTo((MIDNIGHT.getEpochSecond() + 86_400) * SECOND);
    }
}
