package io.zoomqos.collector.events.reconcile;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Reconciliation against Zoom's List meetings {@code type=live}. Durations are meeting time:
 * divided by {@code qos.time-scale} like the polling ones.
 *
 * @param enabled false: never call List meetings (events are then the only source of meetings)
 * @param interval a run per held account this often (and at start, and after every WebSocket reconnect)
 * @param endGrace a meeting we think live is ended only if it started at least this long before the list was read
 * @param minSpacing runs of one account at least this far apart: a reconnect storm costs one call
 */
@Validated
@ConfigurationProperties("qos.reconcile")
public record ReconcileProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("10m") Duration interval,
        @NotNull @DefaultValue("2m") Duration endGrace,
        @NotNull @DefaultValue("30s") Duration minSpacing) {

    public ReconcileProperties {
        if (interval.compareTo(minSpacing) < 0) {
            throw new IllegalArgumentException("qos.reconcile.interval must be at least qos.reconcile.min-spacing");
        }
    }

    ReconcileProperties scaledBy(double timeScale) {
        if (timeScale <= 1.0) {
            return this;
        }
        return new ReconcileProperties(enabled, scale(interval, timeScale), scale(endGrace, timeScale),
                scale(minSpacing, timeScale));
    }

    private static Duration scale(Duration d, double k) {
        return Duration.ofMillis(Math.max(1, (long) (d.toMillis() / k)));
    }
}
