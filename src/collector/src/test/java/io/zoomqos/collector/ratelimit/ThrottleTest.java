package io.zoomqos.collector.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Zoom's feedback on its own: pauses and backoffs as arithmetic on monotonic nanoseconds. */
class ThrottleTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;

    private final Throttle throttle = new Throttle("acct-1", BudgetProperties.defaults(), 14.0);

    @Test
    void aPerSecond429PausesHalvesTheRateAndRecoversOneRequestPerSecondEachSecond() {
        throttle.perSecondExceeded(10 * SECOND);
        assertThat(throttle.pausedUntil()).isEqualTo(11 * SECOND);
        assertThat(throttle.perSecondRate(11 * SECOND)).isEqualTo(7.0);
        assertThat(throttle.perSecondRate(14 * SECOND)).isEqualTo(10.0);
        assertThat(throttle.perSecondRate(30 * SECOND)).isEqualTo(14.0);
    }

    @Test
    void aDaily429IsTrustedOnceWhenItsRetryAfterLiesAhead() {
        assertThat(throttle.dailyExceeded(0, 2 * 3_600 * SECOND)).isEqualTo(2 * 3_600 * SECOND);
    }

    @Test
    void aDaily429WhoseRetryAfterHasPassedBacksOffOneSecondDoublingToFiveMinutes() {
        long now = 0;
        List<Long> pauses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long until = throttle.dailyExceeded(now, now - 30 * SECOND);
            pauses.add((until - now) / SECOND);
            now = until;
        }
        assertThat(pauses).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L, 300L, 300L);
    }

    @Test
    void aDaily429ThatComesBackRightAfterItsPauseBacksOff() {
        long until = throttle.dailyExceeded(0, SECOND / 2);
        assertThat(until).as("first: Zoom's Retry-After").isEqualTo(SECOND / 2);
        until = throttle.dailyExceeded(until, until + SECOND / 2);
        assertThat(until).as("again right after: backoff, not Zoom's half second").isEqualTo(SECOND / 2 + SECOND);
        until = throttle.dailyExceeded(until, until + SECOND / 2);
        assertThat(until).isEqualTo(SECOND / 2 + 3 * SECOND);
    }

    @Test
    void answersOfRequestsInFlightNeitherEscalateNorResetTheBackoff() {
        long until = throttle.dailyExceeded(0, -SECOND);
        assertThat(throttle.dailyExceeded(SECOND / 4, -SECOND)).as("same burst: counted once").isEqualTo(until);
        throttle.answered(SECOND / 2); // sent before the 429: proves nothing
        assertThat(throttle.dailyExceeded(until, -SECOND) - until).isEqualTo(2 * SECOND);
    }

    @Test
    void aNormalAnswerAfterThePauseEndsTheDailyStreak() {
        long until = throttle.dailyExceeded(0, -SECOND);
        until = throttle.dailyExceeded(until, -SECOND);
        throttle.answered(until);
        long now = until + MINUTE;
        assertThat(throttle.dailyExceeded(now, now + SECOND)).as("trusted again").isEqualTo(now + SECOND);
    }

    @Test
    void refusedCredentialsBackOffToOneAttemptAMinuteAndFailUntilASuccess() {
        long now = 0;
        List<Long> pauses = new ArrayList<>();
        List<Boolean> changes = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            changes.add(throttle.failed(AccountFailure.CREDENTIALS_REFUSED, now));
            pauses.add((throttle.pausedUntil() - now) / SECOND);
            now = throttle.pausedUntil();
        }
        assertThat(pauses).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
        assertThat(changes).as("a state change once, not per call").containsExactly(true, false, false, false,
                false, false, false, false, false);
        assertThat(throttle.failing()).isEqualTo(AccountFailure.CREDENTIALS_REFUSED);

        assertThat(throttle.succeeded()).isTrue();
        assertThat(throttle.failing()).isNull();
        assertThat(throttle.succeeded()).as("nothing left to clear").isFalse();
        throttle.failed(AccountFailure.UNAUTHORIZED, now);
        assertThat(throttle.pausedUntil() - now).as("the backoff starts again").isEqualTo(SECOND);
    }

    @Test
    void failuresOfRequestsInFlightDuringThePauseDoNotEscalate() {
        throttle.failed(AccountFailure.UNAUTHORIZED, 0);
        assertThat(throttle.failed(AccountFailure.UNAUTHORIZED, SECOND / 2)).isFalse();
        assertThat(throttle.pausedUntil()).isEqualTo(SECOND);
        assertThat(throttle.failed(AccountFailure.CREDENTIALS_REFUSED, SECOND / 2)).as("a new reason is a change")
                .isTrue();
        assertThat(throttle.pausedUntil()).isEqualTo(SECOND);
    }
}
