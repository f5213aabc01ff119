package io.zoomqos.collector.store;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When QoS counts as poor. A minute is poor when any stream's latency, jitter or average loss is
 * strictly above its threshold; a participant is poor when its share of poor minutes is strictly
 * above {@code poorMinuteFraction}; a meeting counts its poor participants.
 *
 * @param latencyMs latency threshold in ms
 * @param jitterMs jitter threshold in ms
 * @param lossPct average-loss threshold in percent
 * @param poorMinuteFraction share of poor minutes above which a participant is flagged, 0..1
 */
@Validated
@ConfigurationProperties("qos.quality")
public record QualityProperties(
        @Positive @DefaultValue("150") double latencyMs,
        @Positive @DefaultValue("40") double jitterMs,
        @Positive @DefaultValue("2") double lossPct,
        @DecimalMin("0") @DecimalMax("1") @DefaultValue("0.2") double poorMinuteFraction) {
}
