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
 */
@Validated
@ConfigurationProperties("qos.budget")
public record BudgetProperties(
        @NotNull @DefaultValue("1s") Duration perSecondPause,
        @DecimalMin("0.05") @DecimalMax("0.95") @DefaultValue("0.5") double rateDecrease,
        @Positive @DefaultValue("1.0") double recoveryStep,
        @NotNull @DefaultValue("1s") Duration flushInterval) {

    public BudgetProperties {
        if (perSecondPause != null && perSecondPause.isNegative()) {
            throw new IllegalArgumentException("qos.budget.per-second-pause must not be negative");
        }
        if (flushInterval != null && (flushInterval.isZero() || flushInterval.isNegative())) {
            throw new IllegalArgumentException("qos.budget.flush-interval must be positive");
        }
    }

    public static BudgetProperties defaults() {
        return new BudgetProperties(Duration.ofSeconds(1), 0.5, 1.0, Duration.ofSeconds(1));
    }
}
