package io.zoomqos.collector.store;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long participant-minutes are kept.
 *
 * @param horizon samples whose minute is older than now minus this are removed
 * @param interval how often the retention job runs (it also creates the coming days' partitions)
 * @param partitionsAhead how many days after today get their partition created in advance
 */
@Validated
@ConfigurationProperties("qos.retention")
public record RetentionProperties(
        @NotNull @DefaultValue("90d") Duration horizon,
        @NotNull @DefaultValue("1h") Duration interval,
        @Min(0) @Max(31) @DefaultValue("2") int partitionsAhead) {

    public RetentionProperties {
        if (horizon != null && (horizon.isNegative() || horizon.isZero())) {
            throw new IllegalArgumentException("qos.retention.horizon must be positive, was " + horizon);
        }
        if (interval != null && (interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("qos.retention.interval must be positive, was " + interval);
        }
    }
}
