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
    void spendsRemainingQuotaEvenlyUntilMidnightUtcThenStartsAgain() {
        BudgetHarness h = new BudgetHarness(MIDNIGHT, BudgetHarness.limits(16, 60_000, 0.05));
        assertThat(h.budget.status().currentRatePerSecond()).isCloseTo(57_000 / 86_400.0, within(1e-9));
        List<Long> normals = new ArrayList<>();
        long[] mostSpentBeforeANormalGrantOnDay1 = {0};
        Runnable[] caller = new Runnable[1];
        caller[0] = () -> h.budget.acquire().subscribe(null, null, () -> {
            if (h.nanos() < 86_400L * 1_000_000_000L) {
                mostSpentBeforeANormalGrantOnDay1[0] = Math.max(mostSpentBeforeANormalGrantOnDay1[0],
                        h.budget.status().spentToday());
            }
            normals.add(h.nanos());
            caller[0].run();
        });
        caller[0].run();

        for (int hour = 1; hour <= 23; hour++) {
            h.advance(Duration.ofHours(1));
            long expected = 57_000L * hour / 24;
            assertThat(h.budget.status().spentToday()).as("hour %d", hour).isBetween(expected - 3, expected + 1);
            // rate = what is left for normal calls over the time left: stays level when on track
            assertThat(h.budget.status().currentRatePerSecond()).as("hour %d", hour)
                    .isCloseTo(57_000 / 86_400.0, within(0.01));
        }
        // the last minute: sweeps may use the reserve (and go first), normal calls never do
        h.advance(Duration.ofMinutes(59));
        List<Long> sweeps = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            h.budget.acquire(Priority.SWEEP).subscribe(null, null, () -> sweeps.add(h.nanos()));
        }
        h.advance(Duration.ofSeconds(59).plusMillis(999));
        assertThat(sweeps).hasSize(100);
        long normalsDay1 = normals.size();
        // the reserve is a floor normal calls never go below; sweeps spend from the same count
        assertThat(mostSpentBeforeANormalGrantOnDay1[0]).isLessThan(57_000L);
        assertThat(normalsDay1 + 100).as("the quota minus the unused reserve was used").isBetween(57_000L, 57_100L);
        assertThat(h.budget.status().spentToday()).isEqualTo(normalsDay1 + 100);
        h.budget.flush().subscribe();
        assertThat(h.ledger.get(BudgetHarness.ACCOUNT, DAY1)).isEqualTo(normalsDay1 + 100);

        // 00:00 UTC: a new day, a new quota, the same even pace
        h.advance(Duration.ofHours(1).plusMillis(1));
        assertThat(h.budget.status().resetsAt()).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
        assertThat(h.budget.status().spentToday()).isBetween(57_000L / 24 - 3, 57_000L / 24 + 1);
        h.budget.flush().subscribe();
        assertThat(h.ledger.get(BudgetHarness.ACCOUNT, DAY2)).isEqualTo(h.budget.status().spentToday());
        assertThat(h.ledger.get(BudgetHarness.ACCOUNT, DAY1)).isEqualTo(normalsDay1 + 100);
    }

    @Test
    void keepsTheReserveForSweeps() {
        BudgetHarness h = new BudgetHarness(MIDNIGHT.plusSeconds(12 * 3600), BudgetHarness.limits(16, 1_000, 0.05));
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
        assertThat(h.budget.status().currentRatePerSecond()).isCloseTo(57_000 / 43_200.0, within(1e-9));
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
        assertThat(pacing.reserve()).isEqualTo(50);
        assertThat(pacing.rate(NOON_NANOS, Priority.NORMAL)).isCloseTo(950 / 43_200.0, within(1e-12));
        assertThat(pacing.rate(NOON_NANOS, Priority.SWEEP)).isCloseTo(1_000 / 43_200.0, within(1e-12));
        pacing.correct(50L, NOON_NANOS);
        assertThat(pacing.rate(NOON_NANOS, Priority.NORMAL)).isZero();
        assertThat(pacing.rate(NOON_NANOS, Priority.SWEEP)).isPositive();
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
