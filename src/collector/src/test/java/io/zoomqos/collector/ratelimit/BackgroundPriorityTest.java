package io.zoomqos.collector.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Reconciliation asks at {@link Priority#BACKGROUND}: it never delays a live poll or a sweep. In virtual time. */
class BackgroundPriorityTest {

    private static final Instant NOON = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void reconcileRequestsWaitBehindEveryWaitingLivePollAndSweep() {
        BudgetHarness h = new BudgetHarness(NOON, BudgetHarness.perSecondOnly());
        List<String> order = new ArrayList<>();
        h.budget.acquire().subscribe(null, null, () -> order.add("live1"));
        h.budget.acquire(Priority.BACKGROUND).subscribe(null, null, () -> order.add("reconcile1"));
        h.budget.acquire().subscribe(null, null, () -> order.add("live2"));
        h.budget.acquire(Priority.SWEEP).subscribe(null, null, () -> order.add("sweep1"));
        h.budget.acquire(Priority.BACKGROUND).subscribe(null, null, () -> order.add("reconcile2"));
        h.budget.acquire().subscribe(null, null, () -> order.add("live3"));
        assertThat(order).containsExactly("live1");

        // A live poll that arrives while reconciliation waits still goes first.
        h.advanceNanos(BudgetHarness.INTERVAL);
        h.budget.acquire().subscribe(null, null, () -> order.add("live4"));
        h.advance(Duration.ofSeconds(1));

        assertThat(order).containsExactly("live1", "sweep1", "live2", "live3", "live4", "reconcile1", "reconcile2");
        assertThat(h.budget.status().waiting()).isZero();
    }

    @Test
    void aReconcileRequestGoesAtOnceWhenNothingElseWaits() {
        BudgetHarness h = new BudgetHarness(NOON, BudgetHarness.perSecondOnly());
        StepVerifier.create(h.budget.acquire(Priority.BACKGROUND)).verifyComplete();
        assertThat(h.budget.status().spentToday()).isEqualTo(1);
    }

    @Test
    void reconciliationNeverSpendsTheSweepReserve() {
        BudgetHarness h = new BudgetHarness(NOON, BudgetHarness.limits(16, 1_000, 0.05));
        // The 5% reserve (50) shrinks with the day left: 25 at noon. Zoom says 25 left, exactly the reserve.
        h.budget.record(RateLimitSignal.answered(25L, h.now()));

        List<String> granted = new ArrayList<>();
        h.budget.acquire(Priority.BACKGROUND).subscribe(null, null, () -> granted.add("reconcile"));
        h.budget.acquire(Priority.SWEEP).subscribe(null, null, () -> granted.add("sweep"));
        h.advance(Duration.ofHours(11).plusMinutes(59));

        assertThat(granted).containsExactly("sweep");
        assertThat(h.budget.status().waiting()).isEqualTo(1);
    }
}
