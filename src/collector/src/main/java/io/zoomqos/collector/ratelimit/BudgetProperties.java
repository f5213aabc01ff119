package io.zoomqos.collector.ratelimit;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the budget reacts to Zoom and persists itself. The limits themselves (per-second cap,
 * headroom, daily quota, sweep reserve) belong to each account: {@code qos.zoom.accounts[].budget}.
 *
 * @param perSecondPause how long a per-second 429 pauses the whole account
 * @param rateDecrease factor applied to the allowed rate after a per-second 429 (0.5 halves it)
 * @param recoveryStep requests/second regained per second after the pause (additive increase
 *        back to the effective cap)
 * @param flushInterval how often the spent count is written to PostgreSQL
 * @param backoffFirst the first pause of a failure that repeats (a daily 429 whose
 *        {@code Retry-After} has passed or that comes back right after its pause; credentials
 *        Zoom refuses); each repeat doubles it
 * @param dailyBackoffMax the longest such pause for daily 429s
 * @param unauthorizedBackoffMax the longest such pause for refused credentials: once they keep
 *        failing, one request (and one token request) per this period
 */
@Validated
@ConfigurationProperties("qos.budget")
public record BudgetProperties(
        @NotNull @DefaultValue("1s") Duration perSecondPause,
        @DecimalMin("0.05") @DecimalMax("0.95") @DefaultValue("0.5") double rateDecrease,
        @Positive @DefaultValue("1.0") double recoveryStep,
        @NotNull @DefaultValue("1s") Duration flushInterval,
        @NotNull @DefaultValue("1s") Duration backoffFirst,
        @NotNull @DefaultValue("5m") Duration dailyBackoffMax,
        @NotNull @DefaultValue("1m") Duration unauthorizedBackoffMax) {

    public BudgetProperties {
        if (perSecondPause != null && perSecondPause.isNegative()) {
            throw new IllegalArgumentException("qos.budget.per-second-pause must not be negative");
        }
        if (flushInterval != null && (flushInterval.isZero() || flushInterval.isNegative())) {
            throw new IllegalArgumentException("qos.budget.flush-interval must be positive");
        }
        if (backoffFirst != null && (backoffFirst.isZero() || backoffFirst.isNegative())) {
            throw new IllegalArgumentException("qos.budget.backoff-first must be positive");
        }
        if (backoffFirst != null && dailyBackoffMax != null && dailyBackoffMax.compareTo(backoffFirst) < 0) {
            throw new IllegalArgumentException("qos.budget.daily-backoff-max must be at least qos.budget.backoff-first");
        }
        if (backoffFirst != null && unauthorizedBackoffMax != null && unauthorizedBackoffMax.compareTo(backoffFirst) < 0) {
            throw new IllegalArgumentException(
                    "qos.budget.unauthorized-backoff-max must be at least qos.budget.backoff-first");
        }
    }

    public static BudgetProperties defaults() {
        return new BudgetProperties(Duration.ofSeconds(1), 0.5, 1.0, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofMinutes(5), Duration.ofMinutes(1));
    }
}
