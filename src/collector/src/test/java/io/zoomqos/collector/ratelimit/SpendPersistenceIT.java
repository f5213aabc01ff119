package io.zoomqos.collector.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.support.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The spent count on a real PostgreSQL: written in increments, read back by a new budget. */
class SpendPersistenceIT {

    private static final Instant MORNING = Instant.parse("2026-11-25T08:00:00Z");
    private static DatabaseClient db;

    @BeforeAll
    static void database() {
        db = TestDatabase.migratedClient();
    }

    private PacedAccountBudget budget(String account, VirtualTimeScheduler scheduler) {
        return new PacedAccountBudget(account, BudgetHarness.perSecondOnly(), BudgetProperties.defaults(),
                new VirtualClock(MORNING, scheduler), () -> scheduler.now(TimeUnit.NANOSECONDS), scheduler,
                new R2dbcSpendLedger(db));
    }

    @Test
    void spentCountSurvivesANewBudgetOnTheSameDatabase() {
        VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
        PacedAccountBudget first = budget("acct-restart", scheduler);
        StepVerifier.create(first.start()).verifyComplete();
        for (int i = 0; i < 20; i++) {
            first.acquire().subscribe();
        }
        scheduler.advanceTimeBy(Duration.ofSeconds(1)); // 15 granted: 0 .. 14 intervals
        StepVerifier.create(first.flush()).verifyComplete();
        scheduler.advanceTimeBy(Duration.ofSeconds(1)); // the other 5
        // Zoom says 100 were spent on the account: the correction is persisted like a grant
        first.record(RateLimitSignal.answered(BudgetHarness.perSecondOnly().daily() - 100, MORNING.plusSeconds(2)));
        StepVerifier.create(first.flush()).verifyComplete();
        assertThat(first.status().spentToday()).isEqualTo(100);

        PacedAccountBudget second = budget("acct-restart", VirtualTimeScheduler.create());
        StepVerifier.create(second.start()).verifyComplete();
        assertThat(second.status().spentToday()).isEqualTo(100);

        PacedAccountBudget other = budget("acct-other", VirtualTimeScheduler.create());
        StepVerifier.create(other.start()).verifyComplete();
        assertThat(other.status().spentToday()).isZero();

        StepVerifier.create(db.sql("SELECT spent FROM budget_spend WHERE account_id = 'acct-restart' AND utc_day = :d")
                        .bind("d", LocalDate.parse("2026-11-25")).map(r -> r.get("spent", Long.class)).one())
                .expectNext(100L)
                .verifyComplete();
    }

    @Test
    void incrementsFromTwoInstancesAddUp() {
        PacedAccountBudget a = budget("acct-two", VirtualTimeScheduler.create());
        PacedAccountBudget b = budget("acct-two", VirtualTimeScheduler.create());
        StepVerifier.create(a.start().then(b.start())).verifyComplete();
        a.acquire().subscribe();
        b.acquire().subscribe();
        StepVerifier.create(a.flush().then(b.flush())).verifyComplete();

        PacedAccountBudget reader = budget("acct-two", VirtualTimeScheduler.create());
        StepVerifier.create(reader.start()).verifyComplete();
        assertThat(reader.status().spentToday()).isEqualTo(2);
    }

    @Test
    void aReplicaTakingOverAdoptsWhatTheOtherSpentSinceItStarted() {
        VirtualTimeScheduler driverTime = VirtualTimeScheduler.create();
        PacedAccountBudget driver = budget("acct-takeover", driverTime);
        PacedAccountBudget standby = budget("acct-takeover", VirtualTimeScheduler.create());
        StepVerifier.create(driver.start().then(standby.start())).verifyComplete();
        for (int i = 0; i < 3; i++) {
            driver.acquire().subscribe();
        }
        driverTime.advanceTimeBy(Duration.ofSeconds(1)); // permits are paced: all 3 granted within a second
        assertThat(driver.status().spentToday()).isEqualTo(3);
        StepVerifier.create(driver.flush()).verifyComplete();
        assertThat(standby.status().spentToday()).isZero();

        StepVerifier.create(standby.resync()).verifyComplete();
        assertThat(standby.status().spentToday()).isEqualTo(3);
    }
}
