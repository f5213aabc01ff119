package io.zoomqos.collector.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Revoked or wrong credentials: the account pauses with exponential backoff (1 s doubling to one
 * minute), shows as failing with the reason, and recovers on the first answer Zoom serves again.
 * Each caller's request takes a permit before its token request (ZoomExchange), so the permits
 * counted here bound API and token requests alike.
 */
class FailingAccountTest {

    private static final Instant NOON = Instant.parse("2026-11-25T12:00:00Z");
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long LATENCY = 100_000_000L;

    private final BudgetHarness h = new BudgetHarness(NOON, BudgetHarness.perSecondOnly());
    private final List<Long> grants = new ArrayList<>();
    private volatile boolean revoked = true;

    /** A caller that asks again as soon as its answer came back; the answer depends on {@link #revoked}. */
    private void call() {
        h.budget.acquire().subscribe(null, null, () -> {
            grants.add(h.nanos());
            h.scheduler.schedule(() -> {
                if (revoked) {
                    h.budget.recordFailure(AccountFailure.CREDENTIALS_REFUSED);
                } else {
                    h.budget.record(RateLimitSignal.answered(null, h.now()));
                    h.budget.recordSuccess();
                }
                call();
            }, LATENCY, TimeUnit.NANOSECONDS);
        });
    }

    private long grantsIn(long from, long to) {
        return grants.stream().filter(t -> t >= from && t < to).count();
    }

    @Test
    void revokedCredentialsCostOneAttemptPerBackoffNotTheAccountsRate() {
        for (int i = 0; i < 14; i++) {
            call();
        }
        h.advance(Duration.ofMinutes(1));
        // before: 14 requests and 7 token requests a second. Now: 2 at once (the second left before
        // the first answer), then one after each pause of 1, 2, 4, 8, 16 and 32 s.
        assertThat(grantsIn(0, MINUTE)).as("the first minute").isEqualTo(7);
        assertThat(h.budget.status().failing()).isEqualTo("credentials_refused");
        assertThat(h.budget.status().pausedUntil()).isNotNull();

        h.advance(Duration.ofMinutes(10));
        for (long minute = 3; minute < 11; minute++) {
            assertThat(grantsIn(minute * MINUTE, (minute + 1) * MINUTE)).as("minute %d: at most one a minute", minute)
                    .isLessThanOrEqualTo(1);
        }
    }

    @Test
    void theFirstAnswerZoomServesAgainClearsTheFailingStateAndPacingResumes() {
        call();
        h.advance(Duration.ofMinutes(5));
        assertThat(h.budget.status().failing()).isEqualTo("credentials_refused");

        revoked = false;
        h.advance(Duration.ofMinutes(1).plusSeconds(1)); // the next attempt after the longest pause
        assertThat(h.budget.status().failing()).isNull();
        int before = grants.size();
        h.advance(Duration.ofSeconds(10));
        assertThat(grants.size() - before).as("one caller, one answer per 100 ms").isBetween(99, 100);
    }

    @Test
    void aFailureAfterRecoveryStartsTheBackoffAgainFromOneSecond() {
        h.budget.recordFailure(AccountFailure.UNAUTHORIZED);
        h.advance(Duration.ofSeconds(1));
        h.budget.recordFailure(AccountFailure.UNAUTHORIZED);
        assertThat(h.budget.status().pausedUntil()).isEqualTo(h.now().plusSeconds(2));
        assertThat(h.budget.status().failing()).isEqualTo("unauthorized");

        h.advance(Duration.ofSeconds(2));
        h.budget.recordSuccess();
        assertThat(h.budget.status().failing()).isNull();
        h.budget.recordFailure(AccountFailure.UNAUTHORIZED);
        assertThat(h.budget.status().pausedUntil()).isEqualTo(h.now().plusSeconds(1));
    }
}
