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
 * @param pastLookBack the first run of an account lists the meetings that ended this long before it
 *                     (Zoom's time, not scaled: so are the next two)
 * @param pastOverlap each run lists past meetings from this long before where the last one stopped:
 *                    Zoom indexes an ended meeting with some delay
 * @param pastMaxWindow one run lists at most this span of end times; after an outage, the runs catch up window by window
 */
@Validated
@ConfigurationProperties("qos.reconcile")
public record ReconcileProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("10m") Duration interval,
        @NotNull @DefaultValue("2m") Duration endGrace,
        @NotNull @DefaultValue("30s") Duration minSpacing,
        @NotNull @DefaultValue("1h") Duration pastLookBack,
        @NotNull @DefaultValue("5m") Duration pastOverlap,
        @NotNull @DefaultValue("1d") Duration pastMaxWindow) {

    public ReconcileProperties {
        if (interval.compareTo(minSpacing) < 0) {
            throw new IllegalArgumentException("qos.reconcile.interval must be at least qos.reconcile.min-spacing");
        }
        if (pastMaxWindow.compareTo(pastOverlap) <= 0 || pastMaxWindow.compareTo(Duration.ofDays(31)) > 0) {
            throw new IllegalArgumentException(
                    "qos.reconcile.past-max-window must exceed qos.reconcile.past-overlap and be at most 31 days (Zoom's range)");
        }
        if (pastLookBack.isNegative() || pastOverlap.isNegative()) {
            throw new IllegalArgumentException("qos.reconcile.past-look-back and past-overlap must not be negative");
        }
    }

    ReconcileProperties scaledBy(double timeScale) {
        if (timeScale <= 1.0) {
            return this;
        }
        return new ReconcileProperties(enabled, scale(interval, timeScale), scale(endGrace, timeScale),
                scale(minSpacing, timeScale), pastLookBack, pastOverlap, pastMaxWindow);
    }

    PastWindow pastWindow() {
        return new PastWindow(pastLookBack, pastOverlap, pastMaxWindow);
    }

    private static Duration scale(Duration d, double k) {
        return Duration.ofMillis(Math.max(1, (long) (d.toMillis() / k)));
    }
}
